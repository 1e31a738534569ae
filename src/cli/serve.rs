//! `bounced serve`: open the store, bind the listeners, tell systemd we are ready, then serve
//! until SIGTERM/SIGINT (drain, exit 0). SIGHUP reloads what is safe to change while running.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use sd_notify::NotifyState;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use super::ServeArgs;
use crate::config::{Config, LogFormat};
use crate::metrics_http;
use crate::smtp::listener::{self, Live};
use crate::smtp::tls;
use crate::store::{Rules, Store};

/// Config keys read only at startup: changing them needs a restart.
const RESTART_KEYS: [&str; 7] = [
    "smtp.listen",
    "smtp.memory_budget",
    "store.",
    "metrics.listen",
    "log.",
    "verp.secret_file",
    "smtp.drain_timeout",
];

/// Everything the effective configuration yields, built before anything is replaced.
pub(super) struct Loaded {
    pub(super) config: Config,
    tls: Option<TlsAcceptor>,
    rules: Rules,
}

/// The configuration with the command-line overrides, and the certificate and secrets it names.
pub(super) fn load(args: &ServeArgs) -> Result<Loaded, String> {
    let mut config = Config::load(args.config.as_deref()).map_err(|e| e.to_string())?;
    if !args.listen.is_empty() {
        config.smtp.listen = args.listen.clone();
    }
    if let Some(db) = &args.db {
        config.store.path = db.clone();
    }
    config.validate().map_err(|e| e.to_string())?;
    let tls = match (&config.tls.cert, &config.tls.key) {
        (Some(cert), Some(key)) => Some(tls::acceptor(cert, key)?),
        _ => None,
    };
    let rules = Rules::from_config(&config).map_err(|e| e.to_string())?;
    Ok(Loaded { config, tls, rules })
}

pub fn run(args: ServeArgs) -> ExitCode {
    let loaded = match load(&args) {
        Ok(l) => l,
        Err(e) => return super::fail(&e),
    };
    init_logging(&loaded.config);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return super::fail(&format!("starting the runtime: {e}")),
    };
    let (store, writer) = match Store::start(&loaded.config.store, loaded.rules.clone()) {
        Ok(s) => s,
        Err(e) => return super::fail(&e),
    };
    let served = runtime.block_on(serve(args, loaded, store));
    drop(runtime);
    // Every store handle is gone now: the writer commits its queue and closes the database.
    let _ = writer.join();
    match served {
        Ok(()) => {
            tracing::info!("bounced stopped");
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(&e),
    }
}

async fn serve(args: ServeArgs, loaded: Loaded, store: Store) -> Result<(), String> {
    let config = loaded.config.clone();
    let listeners = listener::bind(&config.listen_addrs())
        .await
        .map_err(|e| e.to_string())?;
    let metrics = match &config.metrics.listen {
        Some(addr) => {
            let addr = addr
                .parse()
                .map_err(|_| format!("metrics.listen: {addr:?}"))?;
            Some(metrics_http::bind(addr).await.map_err(|e| e.to_string())?)
        }
        None => None,
    };
    let live = Arc::new(Live::new(config.smtp.clone(), loaded.tls.clone()));
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let mut background = tokio::task::JoinSet::new();
    if let Some(m) = metrics {
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
    background.spawn(signals(
        args,
        loaded,
        live.clone(),
        store.clone(),
        shutdown_tx,
    ));

    let _ = sd_notify::notify(false, &[NotifyState::Ready]);
    tracing::info!(
        listen = ?config.smtp.listen,
        db = %config.store.path.display(),
        domains = ?config.smtp.domains,
        starttls = config.tls.cert.is_some(),
        metrics = ?config.metrics.listen,
        verp = ?config.verp.mode,
        "bounced ready"
    );
    listener::serve(listeners, live, store, shutdown_rx).await;
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

async fn signals(
    args: ServeArgs,
    mut current: Loaded,
    live: Arc<Live>,
    store: Store,
    shutdown: watch::Sender<bool>,
) {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int), Ok(mut hup)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
        signal(SignalKind::hangup()),
    ) else {
        tracing::error!("cannot install signal handlers");
        return;
    };
    loop {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM: draining and stopping"),
            _ = int.recv() => tracing::info!("SIGINT: draining and stopping"),
            _ = hup.recv() => {
                let _ = sd_notify::notify(false, &[NotifyState::Reloading]);
                current = reload(&args, current, &live, &store).await;
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
async fn reload(args: &ServeArgs, current: Loaded, live: &Live, store: &Store) -> Loaded {
    let new = match load(args) {
        Ok(n) => n,
        Err(e) => {
            tracing::error!(error = %e, "SIGHUP: configuration not reloaded");
            return current;
        }
    };
    let changes = current.config.changes(&new.config);
    for (key, old, value) in &changes {
        if RESTART_KEYS.iter().any(|k| key.starts_with(k)) {
            tracing::warn!(key = %key, old = %old, new = %value, "SIGHUP: change needs a restart, ignored");
        } else {
            tracing::info!(key = %key, old = %old, new = %value, "SIGHUP: changed");
        }
    }
    if changes.is_empty() {
        tracing::info!("SIGHUP: configuration unchanged (certificates and VERP secrets re-read)");
    }
    // Startup-only settings stay as they were; the rest takes effect for new connections.
    let mut effective = new.config.clone();
    effective.smtp.listen = current.config.smtp.listen.clone();
    effective.smtp.drain_timeout = current.config.smtp.drain_timeout;
    effective.store = current.config.store.clone();
    effective.metrics = current.config.metrics.clone();
    effective.log = current.config.log.clone();
    live.replace(effective.smtp.clone(), new.tls.clone());
    store.reload(new.rules.clone()).await;
    Loaded {
        config: effective,
        tls: new.tls,
        rules: new.rules,
    }
}

/// Logs to stderr: plain lines (no timestamps under systemd, whose journal adds them) or JSON.
/// The level comes from `RUST_LOG`, else `log.level`.
fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&config.log.level))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let under_journald = std::env::var_os("JOURNAL_STREAM").is_some();
    let _ = match config.log.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text if under_journald => builder.without_time().with_ansi(false).try_init(),
        LogFormat::Text => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .try_init(),
    };
}
