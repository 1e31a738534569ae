//! `bounced serve`: open the store, bind the listeners, serve until SIGTERM/SIGINT.

use std::process::ExitCode;
use std::sync::Arc;

use super::ServeArgs;
use crate::config::Config;
use crate::smtp::listener;
use crate::store::{Rules, Store};

pub fn run(args: ServeArgs) -> ExitCode {
    super::init_logging();
    let mut config = match Config::load(args.config.as_deref()) {
        Ok(c) => c,
        Err(e) => return super::fail(&e),
    };
    if !args.listen.is_empty() {
        config.smtp.listen = args.listen;
    }
    if let Some(db) = args.db {
        config.store.path = db;
    }
    if let Err(e) = config.validate() {
        return super::fail(&e);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return super::fail(&format!("starting the runtime: {e}")),
    };
    let rules = match Rules::from_config(&config) {
        Ok(r) => r,
        Err(e) => return super::fail(&e),
    };
    let (store, writer) = match Store::start(&config.store, rules) {
        Ok(s) => s,
        Err(e) => return super::fail(&e),
    };
    let served = runtime.block_on(async {
        let listeners = listener::bind(&config.listen_addrs()).await?;
        tracing::info!(
            listen = ?config.smtp.listen,
            db = %config.store.path.display(),
            domains = ?config.smtp.domains,
            "bounced ready"
        );
        let purger = tokio::spawn(purge_raw_hourly(store.clone()));
        listener::serve(
            listeners,
            Arc::new(config.smtp.clone()),
            store,
            shutdown_signal(),
        )
        .await;
        purger.abort();
        Ok::<(), std::io::Error>(())
    });
    drop(runtime);
    // Every store handle is gone now: the writer finishes its queue and closes the database.
    let _ = writer.join();
    match served {
        Ok(()) => {
            tracing::info!("bounced stopped");
            ExitCode::SUCCESS
        }
        Err(e) => super::fail(&e),
    }
}

async fn purge_raw_hourly(store: Store) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        store.purge_raw().await;
    }
}

async fn shutdown_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => tracing::info!("SIGTERM: stopping"),
        _ = int.recv() => tracing::info!("SIGINT: stopping"),
    }
}
