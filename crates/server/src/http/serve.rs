//! The accept loop: HTTP/1.1 over hyper with a header-read timeout (which also
//! closes idle keep-alive connections), a write timeout (a client that stops
//! reading is dropped), and connections shared fairly (`connections.rs`): a
//! connection over a cap gets a plain 503 and is closed at once, one cut for
//! a newcomer is closed.
//! `axum::serve` offers none of these settings. With a TLS acceptor the
//! handshake must also finish within the header timeout, and requests carry
//! [`OverTls`].

use std::future::Future;
use std::net::SocketAddr;
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

use crate::http::client_addr::TrustedProxies;
use crate::limits::connections::{reserve_serves, Conn, Pool, Shares, Table};

/// Marks a request that arrived over TLS (cookies are then `Secure`).
#[derive(Debug, Clone, Copy)]
pub struct OverTls;

#[derive(Debug, Clone)]
pub struct ConnLimits {
    pub header_timeout: Duration,
    pub write_timeout: Duration,
    pub shares: Shares,
    /// Peers that only count toward the overall cap (a reverse proxy carries many clients).
    pub trusted: TrustedProxies,
}

/// A request on a connection that may not be served: cut for a newcomer as
/// its head arrived, or a reserve connection asking for more than the ping or
/// an upload. The limits middleware answers it 503 and closes.
#[derive(Debug, Clone, Copy)]
pub struct NotServed;

/// A reserve connection's head must come quicker: the reserve is small.
const RESERVE_HEADER_TIMEOUT: Duration = Duration::from_secs(2);

/// A response body that marks its connection idle again once sent (or dropped).
struct Tracked {
    inner: axum::body::Body,
    conn: Arc<Conn>,
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.conn.end_request();
    }
}

impl http_body::Body for Tracked {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
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
    let table = Arc::new(Mutex::new(Table::default()));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let mut reserve_builder = builder.clone();
    reserve_builder.header_read_timeout(limits.header_timeout.min(RESERVE_HEADER_TIMEOUT));
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
        let admitted = {
            let mut t = table.lock().unwrap_or_else(|p| p.into_inner());
            t.admit(
                &limits.shares,
                peer.ip(),
                limits.trusted.contains(peer.ip()),
            )
        };
        let ticket = match admitted {
            Ok(t) => t,
            Err(why) => {
                tracing::debug!(peer = %peer.ip(), why = ?why, "connection refused");
                tokio::spawn(refuse(stream));
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let over_tls = tls.is_some();
        let (conn, pool) = (ticket.conn.clone(), ticket.pool);
        let service = tower::service_fn(move |mut req: axum::http::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            if over_tls {
                req.extensions_mut().insert(OverTls);
            }
            let served = conn.begin_request();
            if !served || (pool == Pool::Reserve && !reserve_serves(req.method(), req.uri().path()))
            {
                req.extensions_mut().insert(NotServed);
            }
            let conn = conn.clone();
            let call = app.clone().oneshot(req.map(axum::body::Body::new));
            async move {
                let res = call.await?;
                Ok::<_, std::convert::Infallible>(
                    res.map(|inner| axum::body::Body::new(Tracked { inner, conn })),
                )
            }
        });
        let service = TowerToHyperService::new(service);
        let stream = StallGuard::new(stream, limits.write_timeout);
        let builder = match pool {
            Pool::Normal => builder.clone(),
            Pool::Reserve => reserve_builder.clone(),
        };
        let (watcher, tls, handshake, table) = (
            graceful.watcher(),
            tls.clone(),
            limits.header_timeout,
            table.clone(),
        );
        let peer_ip = peer.ip();
        tokio::spawn(async move {
            let work = async move {
                match tls {
                    None => {
                        watcher
                            .watch(builder.serve_connection(TokioIo::new(stream), service))
                            .await
                    }
                    Some(acceptor) => {
                        match tokio::time::timeout(handshake, acceptor.accept(stream)).await {
                            Ok(Ok(tls_stream)) => {
                                watcher
                                    .watch(
                                        builder.serve_connection(TokioIo::new(tls_stream), service),
                                    )
                                    .await
                            }
                            Ok(Err(e)) => {
                                tracing::debug!(peer = %peer_ip, error = %e, "TLS handshake failed");
                                Ok(())
                            }
                            Err(_) => {
                                tracing::debug!(peer = %peer_ip, "TLS handshake timed out");
                                Ok(())
                            }
                        }
                    }
                }
            };
            let result = tokio::select! {
                r = work => r,
                _ = ticket.conn.evicted() => Ok(()),
            };
            if let Err(e) = result {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            table
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .release(ticket.id);
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
