//! A request body with time limits: it fails when the client sends nothing
//! for `idle`, when, after the first `idle`, it averages under `min_rate`
//! bytes per second, or when the request has run for `total`. Handlers see the
//! failure as a body error ([`BodyTimeout`]) and answer 408; no lock is ever
//! held while a body is read, so a slow client delays only itself.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};
use pin_project_lite::pin_project;
use tokio::time::{Instant, Sleep};

#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    pub idle: Duration,
    pub min_rate: u64,
    pub total: Duration,
}

/// Which limit cut the body off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyTimeout {
    Idle,
    TooSlow,
    Total,
}

impl std::fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BodyTimeout::Idle => "the request body stalled",
            BodyTimeout::TooSlow => "the request body arrived too slowly",
            BodyTimeout::Total => "the request took too long",
        })
    }
}

impl std::error::Error for BodyTimeout {}

impl BodyTimeout {
    /// The limit behind an error from reading a body, if one fired.
    pub fn of(err: &(dyn std::error::Error + 'static)) -> Option<BodyTimeout> {
        let mut e: Option<&(dyn std::error::Error + 'static)> = Some(err);
        while let Some(cur) = e {
            if let Some(t) = cur.downcast_ref::<BodyTimeout>() {
                return Some(*t);
            }
            e = cur.source();
        }
        None
    }
}

pin_project! {
    pub struct TimedBody {
        #[pin]
        inner: Body,
        #[pin]
        idle: Sleep,
        #[pin]
        deadline: Sleep,
        limits: BodyLimits,
        started: Instant,
        received: u64,
        failed: bool,
    }
}

impl TimedBody {
    /// `started` is when the request began, so the total counts its headers too.
    pub fn new(inner: Body, limits: BodyLimits, started: Instant) -> TimedBody {
        let now = Instant::now();
        TimedBody {
            inner,
            idle: tokio::time::sleep_until(now + limits.idle),
            deadline: tokio::time::sleep_until(started + limits.total),
            limits,
            started,
            received: 0,
            failed: false,
        }
    }
}

impl http_body::Body for TimedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let mut this = self.project();
        if *this.failed {
            return Poll::Ready(None);
        }
        let fail = |why: BodyTimeout, failed: &mut bool| {
            *failed = true;
            Poll::Ready(Some(Err(axum::Error::new(why))))
        };
        if this.deadline.as_mut().poll(cx).is_ready() {
            return fail(BodyTimeout::Total, this.failed);
        }
        match this.inner.as_mut().poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let now = Instant::now();
                if let Some(data) = frame.data_ref() {
                    *this.received += data.len() as u64;
                }
                let elapsed = now.duration_since(*this.started);
                if elapsed > this.limits.idle
                    && (*this.received as f64) < this.limits.min_rate as f64 * elapsed.as_secs_f64()
                {
                    return fail(BodyTimeout::TooSlow, this.failed);
                }
                this.idle.as_mut().reset(now + this.limits.idle);
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Pending => {
                if this.idle.as_mut().poll(cx).is_ready() {
                    return fail(BodyTimeout::Idle, this.failed);
                }
                Poll::Pending
            }
            other => other,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.failed || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    fn limits() -> BodyLimits {
        BodyLimits {
            idle: Duration::from_millis(200),
            min_rate: 1000,
            total: Duration::from_secs(5),
        }
    }

    async fn read(body: TimedBody) -> Result<u64, BodyTimeout> {
        let mut s = Body::new(body).into_data_stream();
        let mut n = 0;
        while let Some(f) = s.next().await {
            match f {
                Ok(d) => n += d.len() as u64,
                Err(e) => return Err(BodyTimeout::of(&e).expect("a timeout")),
            }
        }
        Ok(n)
    }

    fn trickle(every: Duration, bytes: usize, frames: usize) -> Body {
        let s = futures_util::stream::unfold(0, move |i| async move {
            if i == frames {
                return None;
            }
            tokio::time::sleep(every).await;
            Some((
                Ok::<_, std::io::Error>(Bytes::from(vec![0u8; bytes])),
                i + 1,
            ))
        });
        Body::from_stream(s)
    }

    #[tokio::test(start_paused = true)]
    async fn a_brisk_body_passes() {
        let b = TimedBody::new(
            trickle(Duration::from_millis(50), 1000, 20),
            limits(),
            Instant::now(),
        );
        assert_eq!(read(b).await, Ok(20_000));
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_body_is_cut_after_the_idle_time() {
        let b = TimedBody::new(
            trickle(Duration::from_millis(300), 1000, 5),
            limits(),
            Instant::now(),
        );
        assert_eq!(read(b).await, Err(BodyTimeout::Idle));
    }

    #[tokio::test(start_paused = true)]
    async fn a_trickle_is_cut_once_below_the_minimum_rate() {
        // One byte every 100 ms never stalls, but averages 10 B/s.
        let b = TimedBody::new(
            trickle(Duration::from_millis(100), 1, 100),
            limits(),
            Instant::now(),
        );
        assert_eq!(read(b).await, Err(BodyTimeout::TooSlow));
    }

    #[tokio::test(start_paused = true)]
    async fn every_body_ends_at_the_total_limit() {
        let mut l = limits();
        l.min_rate = 0;
        let b = TimedBody::new(
            trickle(Duration::from_millis(100), 1, 1000),
            l,
            Instant::now(),
        );
        assert_eq!(read(b).await, Err(BodyTimeout::Total));
    }
}
