//! Load generator for `scripts/bench-intake.sh`: sends real-looking DSNs, each made unique
//! (recipient, Message-ID, dates) so that deduplication never shortcuts the work and every message
//! is parsed, classified, resolved and applied to a person.
//!
//! `cargo run --release --example loadgen -- ADDR MESSAGES SESSIONS PER_CONNECTION`
//! PER_CONNECTION 0 reuses each connection for all its messages; 1 opens one per message.
//! PIPELINING: MAIL, RCPT and DATA go out in one write. Loopback addresses only; the run is
//! bounded by MESSAGES and by a 300 s deadline. Prints one JSON object: sent, acknowledged (250),
//! refused, seconds, rate and the latency from the end of DATA to the reply (p50, p99, ms).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Three hand-written report shapes: an RFC 3464 DSN (Postfix-like), an Exim-style plain-text
/// bounce, and a block; `{n}` is replaced by the message number.
const TEMPLATES: [&str; 3] = [
    "From: MAILER-DAEMON@mx{m}.remote.test\r\nTo: bounces@bounce.test\r\n\
Subject: Undelivered Mail Returned to Sender\r\nDate: {date}\r\nMessage-ID: <dsn-{n}@mx.remote.test>\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B{n}\"\r\n\r\n\
--B{n}\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.remote.test.\r\n\r\n\
I'm sorry to have to inform you that your message could not\r\nbe delivered to one or more recipients.\r\n\r\n\
<user{n}@example{m}.test>: host mx.example{m}.test said: 550 5.1.1 <user{n}@example{m}.test>:\r\n\
    Recipient address rejected: User unknown in virtual mailbox table\r\n\r\n\
--B{n}\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.remote.test\r\n\
Arrival-Date: {date}\r\n\r\nFinal-Recipient: rfc822; user{n}@example{m}.test\r\n\
Original-Recipient: rfc822;user{n}@example{m}.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\
Remote-MTA: dns; mx.example{m}.test\r\nDiagnostic-Code: smtp; 550 5.1.1 <user{n}@example{m}.test>:\r\n\
    Recipient address rejected: User unknown in virtual mailbox table\r\n\r\n\
--B{n}\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: news@sender.test\r\nTo: user{n}@example{m}.test\r\n\
Subject: Our news\r\nMessage-ID: <news-{n}@sender.test>\r\nDate: {date}\r\n\r\n--B{n}--\r\n",
    "From: Mail Delivery System <Mailer-Daemon@mx{m}.remote.test>\r\nTo: bounces@bounce.test\r\n\
Subject: Mail delivery failed: returning message to sender\r\nDate: {date}\r\n\
Message-ID: <exim-{n}@mx.remote.test>\r\nAuto-Submitted: auto-replied\r\n\r\n\
This message was created automatically by mail delivery software.\r\n\r\n\
A message that you sent could not be delivered to one or more of its\r\n\
recipients. This is a permanent error. The following address(es) failed:\r\n\r\n\
  user{n}@example{m}.test\r\n    host mx.example{m}.test [192.0.2.1]\r\n\
    SMTP error from remote mail server after RCPT TO:<user{n}@example{m}.test>:\r\n\
    552 5.2.2 Mailbox full\r\n\r\n------ This is a copy of the message, including all the headers. ------\r\n\r\n\
From: news@sender.test\r\nTo: user{n}@example{m}.test\r\nSubject: Our news\r\n\
Message-ID: <news-{n}@sender.test>\r\n\r\nHello.\r\n",
    "From: MAILER-DAEMON@mx{m}.remote.test\r\nTo: bounces@bounce.test\r\n\
Subject: Delivery Status Notification (Failure)\r\nDate: {date}\r\nMessage-ID: <blk-{n}@mx.remote.test>\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"C{n}\"\r\n\r\n\
--C{n}\r\nContent-Type: text/plain\r\n\r\nDelivery to user{n}@example{m}.test failed.\r\n\r\n\
--C{n}\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.remote.test\r\n\r\n\
Final-Recipient: rfc822; user{n}@example{m}.test\r\nAction: failed\r\nStatus: 5.7.1\r\n\
Diagnostic-Code: smtp; 554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org\r\n\r\n\
--C{n}--\r\n",
];

fn message(n: u64, date: &str) -> String {
    let m = (n % 97).to_string();
    TEMPLATES[(n % 3) as usize]
        .replace("{n}", &n.to_string())
        .replace("{m}", &m)
        .replace("{date}", date)
}

struct Shared {
    next: AtomicU64,
    total: u64,
    deadline: Instant,
    date: String,
}

#[derive(Default)]
struct Tally {
    acked: u64,
    refused: u64,
    latencies: Vec<Duration>,
}

async fn reply(r: &mut BufReader<tokio::net::tcp::OwnedReadHalf>) -> std::io::Result<u16> {
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok(line.get(..3).and_then(|c| c.parse().ok()).unwrap_or(0));
        }
    }
}

/// One session: connects, sends messages until the shared counter runs out, reconnecting after
/// `per_connection` messages (never, when 0).
async fn session(
    addr: SocketAddr,
    per_connection: u64,
    shared: Arc<Shared>,
) -> std::io::Result<Tally> {
    let mut tally = Tally::default();
    'connections: loop {
        if Instant::now() > shared.deadline {
            break;
        }
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let (rd, mut wr) = stream.into_split();
        let mut rd = BufReader::new(rd);
        reply(&mut rd).await?;
        wr.write_all(b"EHLO loadgen.test\r\n").await?;
        reply(&mut rd).await?;
        let mut sent_here = 0;
        loop {
            let n = shared.next.fetch_add(1, Ordering::Relaxed);
            if n >= shared.total || Instant::now() > shared.deadline {
                let _ = wr.write_all(b"QUIT\r\n").await;
                break 'connections;
            }
            wr.write_all(b"MAIL FROM:<>\r\nRCPT TO:<bounces@bounce.test>\r\nDATA\r\n")
                .await?;
            let (mail, rcpt, data) = (
                reply(&mut rd).await?,
                reply(&mut rd).await?,
                reply(&mut rd).await?,
            );
            if mail != 250 || rcpt != 250 || data != 354 {
                tally.refused += 1;
                wr.write_all(b"RSET\r\n").await?;
                reply(&mut rd).await?;
                continue;
            }
            let body = message(n, &shared.date);
            wr.write_all(body.as_bytes()).await?;
            wr.write_all(b".\r\n").await?;
            let start = Instant::now();
            let code = reply(&mut rd).await?;
            tally.latencies.push(start.elapsed());
            if code == 250 {
                tally.acked += 1;
            } else {
                tally.refused += 1;
            }
            sent_here += 1;
            if per_connection > 0 && sent_here >= per_connection {
                wr.write_all(b"QUIT\r\n").await?;
                let _ = reply(&mut rd).await;
                continue 'connections;
            }
        }
    }
    Ok(tally)
}

fn usage() -> ! {
    eprintln!("usage: loadgen ADDR MESSAGES SESSIONS PER_CONNECTION   (ADDR on loopback)");
    std::process::exit(2)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 4 {
        usage();
    }
    let addr: SocketAddr = args[0].parse().unwrap_or_else(|_| usage());
    if !addr.ip().is_loopback() {
        eprintln!("loadgen: {addr} is not a loopback address");
        std::process::exit(2);
    }
    let parse = |s: &str| s.parse::<u64>().unwrap_or_else(|_| usage());
    let (total, sessions, per_connection) = (parse(&args[1]), parse(&args[2]), parse(&args[3]));
    let started = Instant::now();
    let shared = Arc::new(Shared {
        next: AtomicU64::new(0),
        total,
        deadline: started + Duration::from_secs(300),
        date: chrono::Utc::now().to_rfc2822(),
    });
    let tasks: Vec<_> = (0..sessions.max(1))
        .map(|_| tokio::spawn(session(addr, per_connection, shared.clone())))
        .collect();
    let mut all = Tally::default();
    let mut errors = 0;
    for t in tasks {
        match t.await {
            Ok(Ok(t)) => {
                all.acked += t.acked;
                all.refused += t.refused;
                all.latencies.extend(t.latencies);
            }
            _ => errors += 1,
        }
    }
    let secs = started.elapsed().as_secs_f64();
    all.latencies.sort();
    let pct = |p: f64| {
        all.latencies
            .get(
                ((all.latencies.len() as f64 * p) as usize)
                    .min(all.latencies.len().saturating_sub(1)),
            )
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{{\"sent\":{},\"acked\":{},\"refused\":{},\"session_errors\":{errors},\"seconds\":{secs:.3},\"rate\":{:.0},\"p50_ms\":{:.2},\"p99_ms\":{:.2}}}",
        all.latencies.len(),
        all.acked,
        all.refused,
        all.acked as f64 / secs,
        pct(0.50),
        pct(0.99),
    );
}
