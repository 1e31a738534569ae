//! `bounced serve`: bind the listeners, open the store, tell systemd we are ready, then serve
//! until SIGTERM/SIGINT (drain, exit 0). SIGHUP reloads what is safe to change while running.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sd_notify::NotifyState;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use super::ServeArgs;
use crate::config::Config;
use crate::logging::Json;
use crate::metrics_http;
use crate::smtp::listener::{self, Live};
use crate::smtp::tls;
use crate::store::{Rules, Store};
use crate::webhook;

/// Everything the effective configuration yields, built before anything is replaced.
pub(super) struct Loaded {
    pub(super) config: Config,
    tls: Option<TlsAcceptor>,
    rules: Rules,
    webhooks: webhook::deliver::Targets,
    api_token: Option<crate::api::Token>,
}

/// The configuration with the command-line overrides, and the certificate and secrets it names.
pub(super) fn load(args: &ServeArgs) -> anyhow::Result<Loaded> {
    let mut config = Config::load(args.config.as_deref())?;
    if !args.listen.is_empty() {
        config.smtp.listen = args.listen.clone();
    }
    if let Some(db) = &args.db {
        config.store.path = db.clone();
    }
    config.validate()?;
    let tls = match (&config.tls.cert, &config.tls.key) {
        (Some(cert), Some(key)) => Some(tls::acceptor(cert, key)?),
        _ => None,
    };
    let rules = config.rules()?;
    let webhooks = webhook::deliver::targets(&config.webhooks)?;
    let api_token = crate::api::token(&config.api)?;
    Ok(Loaded {
        config,
        tls,
        rules,
        webhooks,
        api_token,
    })
}

/// The sockets `serve` listens on (SMTP ones bound, not yet listening).
struct Bound {
    smtp: Vec<TcpSocket>,
    metrics: Option<TcpListener>,
    api: Option<crate::api::Listening>,
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    return_large_buffers_to_the_os();
    let loaded = load(&args)?;
    crate::logging::init(&loaded.config.log);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    // Bind before opening the store (a busy port must not leave a new, empty database behind),
    // listen after it (a client that can connect finds the store ready).
    let bound = runtime.block_on(bind(&loaded.config, loaded.api_token.clone()))?;
    let (store, writer) = Store::start(&loaded.config.store, loaded.rules.clone())?;
    let served = runtime.block_on(serve(args, loaded, bound, store));
    drop(runtime);
    // Every store handle is gone now: the writer commits its queue and closes the database.
    let _ = writer.join();
    served?;
    tracing::info!("bounced stopped");
    Ok(())
}

/// Message content arrives in buffers of up to `max_message_size`. glibc serves a large block
/// from `mmap` (returned on free) only above a threshold that it raises to the largest block
/// freed so far (up to 32 MiB), after which such buffers come from heaps it rarely gives back:
/// after 30 concurrent 9.4 MB messages the daemon kept 59–124 MB. A fixed 1 MiB threshold
/// keeps every buffer that large in its own mapping (13 MB kept; scripts/hostile-load.py).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_buffers_to_the_os() {
    // SAFETY: mallopt only sets an allocator parameter; it is called before any other thread
    // exists and returns 0 on a value it refuses, which leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_buffers_to_the_os() {}

async fn bind(config: &Config, api_token: Option<crate::api::Token>) -> anyhow::Result<Bound> {
    let smtp = listener::bind(&config.smtp.listen)?;
    let metrics = match config.metrics.listen {
        Some(addr) => Some(metrics_http::bind(addr).await?),
        None => None,
    };
    let api = match (config.api.listen, api_token) {
        (Some(addr), Some(token)) => Some(crate::api::bind(addr, token).await?),
        _ => None,
    };
    Ok(Bound { smtp, metrics, api })
}

async fn serve(args: ServeArgs, loaded: Loaded, bound: Bound, store: Store) -> anyhow::Result<()> {
    let config = loaded.config.clone();
    // Handlers in place before anyone can connect: a SIGTERM right after the port opens must
    // drain and exit 0, not kill the process by default.
    let handlers = Handlers::install()?;
    let smtp = listener::listen(bound.smtp)?;
    let live = Arc::new(Live::new(config.smtp.clone(), loaded.tls.clone()));
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let mut background = tokio::task::JoinSet::new();
    if let Some(m) = bound.metrics {
        background.spawn(metrics_http::serve(m, store.clone()));
    }
    background.spawn(every(
        Duration::from_secs(3600),
        store.clone(),
        |s| async move { s.purge_raw().await },
    ));
    background.spawn(every(
        Duration::from_secs(60),
        store.clone(),
        |s| async move { s.checkpoint().await },
    ));
    background.spawn(watchdog(store.clone()));
    if let Some(api) = bound.api {
        background.spawn(crate::api::serve(
            api,
            config.store.path.clone(),
            config.store.busy_timeout_ms,
        ));
    }
    if !loaded.webhooks.is_empty() {
        background.spawn(webhook::deliver::run(
            config.store.path.clone(),
            config.store.busy_timeout_ms,
            loaded.webhooks.clone(),
        ));
    }
    background.spawn(signals(
        handlers,
        args,
        loaded,
        live.clone(),
        store.clone(),
        shutdown_tx,
    ));

    let _ = sd_notify::notify(false, &[NotifyState::Ready]);
    tracing::info!(
        listen = ?Json(&config.smtp.listen),
        db = %config.store.path.display(),
        domains = ?Json(&config.smtp.domains),
        starttls = config.tls.cert.is_some(),
        metrics = ?Json(&config.metrics.listen),
        api = ?Json(&config.api.listen),
        webhooks = config.webhooks.len(),
        verp = ?Json(config.verp.mode),
        "bounced ready"
    );
    listener::serve(smtp, live, Arc::new(store), shutdown_rx).await;
    background.abort_all();
    Ok(())
}

/// Runs `job` on the store every `period` (the first time after one period).
async fn every<F, Fut>(period: Duration, store: Store, job: F)
where
    F: Fn(Store) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    loop {
        tick.tick().await;
        job(store.clone()).await;
    }
}

/// Pings systemd's watchdog only while the storage writer answers that it can commit: a wedged
/// writer or an unwritable database gets us restarted.
async fn watchdog(store: Store) {
    let mut usec = 0;
    if !sd_notify::watchdog_enabled(false, &mut usec) || usec == 0 {
        return;
    }
    let period = Duration::from_micros(usec / 2);
    loop {
        if store.ping(period / 2).await {
            let _ = sd_notify::notify(false, &[NotifyState::Watchdog]);
        } else {
            tracing::warn!(
                "storage writer did not answer or cannot commit; withholding the watchdog ping"
            );
        }
        tokio::time::sleep(period).await;
    }
}

/// SIGTERM, SIGINT and SIGHUP streams.
struct Handlers {
    term: tokio::signal::unix::Signal,
    int: tokio::signal::unix::Signal,
    hup: tokio::signal::unix::Signal,
}

impl Handlers {
    fn install() -> anyhow::Result<Handlers> {
        use tokio::signal::unix::{signal, SignalKind};
        let install = |kind| signal(kind).context("installing signal handlers");
        Ok(Handlers {
            term: install(SignalKind::terminate())?,
            int: install(SignalKind::interrupt())?,
            hup: install(SignalKind::hangup())?,
        })
    }
}

async fn signals(
    handlers: Handlers,
    args: ServeArgs,
    mut current: Loaded,
    live: Arc<Live>,
    store: Store,
    shutdown: watch::Sender<bool>,
) {
    let Handlers {
        mut term,
        mut int,
        mut hup,
    } = handlers;
    loop {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM: draining and stopping"),
            _ = int.recv() => tracing::info!("SIGINT: draining and stopping"),
            _ = hup.recv() => {
                let _ = sd_notify::notify(false, &[NotifyState::Reloading]);
                current = reload(&args, current, &live, &store);
                let _ = sd_notify::notify(false, &[NotifyState::Ready]);
                continue;
            }
        }
        let _ = sd_notify::notify(false, &[NotifyState::Stopping]);
        let _ = shutdown.send(true);
        return;
    }
}

/// Applies a re-read configuration, or keeps the running one when the new one is wrong.
fn reload(args: &ServeArgs, current: Loaded, live: &Live, store: &Store) -> Loaded {
    let new = match load(args) {
        Ok(n) => n,
        Err(e) => {
            tracing::error!(error = %format_args!("{e:#}"), "SIGHUP: configuration not reloaded");
            return current;
        }
    };
    // Startup-only settings stay as they were (config::RESTART_ONLY); the rest takes effect
    // for new connections.
    let reloaded = current.config.reloaded(new.config);
    for change in &reloaded.changes {
        let (key, old, value) = (&change.key, &change.old, &change.new);
        if change.restart {
            tracing::warn!(key = %key, old = %old, new = %value, "SIGHUP: change needs a restart, ignored");
        } else {
            tracing::info!(key = %key, old = %old, new = %value, "SIGHUP: changed, applied");
        }
    }
    if reloaded.changes.is_empty() {
        tracing::info!("SIGHUP: configuration unchanged (certificates and VERP secrets re-read)");
    }
    let effective = reloaded.config;
    // The delivery task knows the webhooks of startup: queue for those alone.
    let mut rules = new.rules;
    rules.events = current.rules.events.clone();
    live.replace(effective.smtp.clone(), new.tls.clone());
    store.reload(rules.clone());
    Loaded {
        config: effective,
        tls: new.tls,
        rules,
        webhooks: current.webhooks,
        api_token: current.api_token,
    }
}
