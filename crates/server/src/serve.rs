//! The accept loop: HTTP/1.1 over hyper with a header-read timeout (which also
//! closes idle keep-alive connections), a write timeout (a client that stops
//! reading is dropped), and caps on open connections overall and per client
//! address. A connection over a cap gets a plain 503 and is closed at once.
//! `axum::serve` offers none of these settings. With a TLS acceptor the
//! handshake must also finish within the header timeout, and requests carry
//! [`OverTls`].

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::time::{Instant, Sleep};

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

use crate::client_addr::TrustedProxies;
use crate::limiter::ClientKey;

/// Marks a request that arrived over TLS (cookies are then `Secure`).
#[derive(Debug, Clone, Copy)]
pub struct OverTls;

#[derive(Debug, Clone)]
pub struct ConnLimits {
    pub header_timeout: Duration,
    pub write_timeout: Duration,
    pub max_connections: usize,
    pub max_per_address: usize,
    /// Peers that only count toward the overall cap (a reverse proxy carries many clients).
    pub trusted: TrustedProxies,
}

/// Open connections, overall and per address.
#[derive(Default)]
struct Counts {
    total: usize,
    per_address: HashMap<ClientKey, usize>,
}

/// Holds one connection's place in [`Counts`] until it closes.
struct Slot {
    counts: Arc<Mutex<Counts>>,
    key: Option<ClientKey>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut c = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        c.total -= 1;
        if let Some(k) = self.key {
            if let Some(n) = c.per_address.get_mut(&k) {
                *n -= 1;
                if *n == 0 {
                    c.per_address.remove(&k);
                }
            }
        }
    }
}

fn admit(counts: &Arc<Mutex<Counts>>, limits: &ConnLimits, ip: IpAddr) -> Option<Slot> {
    let mut c = counts.lock().unwrap_or_else(|p| p.into_inner());
    if c.total >= limits.max_connections {
        return None;
    }
    let key = (!limits.trusted.contains(ip)).then(|| ClientKey::of(ip));
    if let Some(k) = key {
        let n = c.per_address.entry(k).or_insert(0);
        if *n >= limits.max_per_address {
            return None;
        }
        *n += 1;
    }
    c.total += 1;
    Some(Slot {
        counts: counts.clone(),
        key,
    })
}

const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\nretry-after: 5\r\nconnection: close\r\ncontent-length: 35\r\n\r\ntoo many connections; retry later\r\n";

/// Answers 503 without reading the request, and closes.
async fn refuse(mut stream: TcpStream) {
    let _ = tokio::time::timeout(Duration::from_secs(2), async {
        stream.write_all(BUSY).await?;
        stream.shutdown().await
    })
    .await;
}

/// Serves `app` on `listener` (over TLS with `tls`) until `shutdown`
/// completes, then lets open requests finish (at most 10 s).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnLimits,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let counts = Arc::new(Mutex::new(Counts::default()));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Some(slot) = admit(&counts, &limits, peer.ip()) else {
            tracing::warn!(peer = %peer.ip(), "connection refused: over the connection cap");
            tokio::spawn(refuse(stream));
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let over_tls = tls.is_some();
        let service = tower::service_fn(move |mut req: axum::http::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            if over_tls {
                req.extensions_mut().insert(OverTls);
            }
            app.clone().oneshot(req.map(axum::body::Body::new))
        });
        let service = TowerToHyperService::new(service);
        let stream = StallGuard::new(stream, limits.write_timeout);
        let (builder, watcher, tls, handshake) = (
            builder.clone(),
            graceful.watcher(),
            tls.clone(),
            limits.header_timeout,
        );
        tokio::spawn(async move {
            let result = match tls {
                None => {
                    watcher
                        .watch(builder.serve_connection(TokioIo::new(stream), service))
                        .await
                }
                Some(acceptor) => {
                    match tokio::time::timeout(handshake, acceptor.accept(stream)).await {
                        Ok(Ok(tls_stream)) => {
                            watcher
                                .watch(builder.serve_connection(TokioIo::new(tls_stream), service))
                                .await
                        }
                        Ok(Err(e)) => {
                            tracing::debug!(peer = %peer.ip(), error = %e, "TLS handshake failed");
                            Ok(())
                        }
                        Err(_) => {
                            tracing::debug!(peer = %peer.ip(), "TLS handshake timed out");
                            Ok(())
                        }
                    }
                }
            };
            if let Err(e) = result {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(10)) => {
            tracing::warn!("requests still open after 10 s; stopping anyway");
        }
    }
}

/// A socket whose writes fail once they have made no progress for `limit`:
/// the client stopped reading.
pub struct StallGuard<S> {
    inner: S,
    timer: Pin<Box<Sleep>>,
    armed: bool,
    limit: Duration,
}

impl<S: Unpin> StallGuard<S> {
    pub fn new(inner: S, limit: Duration) -> StallGuard<S> {
        StallGuard {
            inner,
            timer: Box::pin(tokio::time::sleep(limit)),
            armed: false,
            limit,
        }
    }

    /// Arms the timer on the first `Pending`, fails when it fires, disarms on progress.
    fn guard<T>(
        &mut self,
        poll: Poll<std::io::Result<T>>,
        cx: &mut Context<'_>,
    ) -> Poll<std::io::Result<T>> {
        match poll {
            Poll::Pending => {
                if !self.armed {
                    self.timer.as_mut().reset(Instant::now() + self.limit);
                    self.armed = true;
                }
                if self.timer.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "the client stopped reading",
                    )));
                }
                Poll::Pending
            }
            ready => {
                self.armed = false;
                ready
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for StallGuard<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for StallGuard<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.guard(poll, cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.guard(poll, cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.guard(poll, cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
