//! Clients that abuse the protocol or the connection slots: holding connections, trickling
//! command lines into every slot, pipelining content. Raw sockets on loopback; every loop is
//! bounded in count and time, and time bounds are generous (a loaded 2-core machine must not
//! make them flaky). The deadlines themselves (a trickled line, slow content, the session
//! limit) are tested in-process on a paused clock, in tests/listener.rs.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::Daemon;

/// Connects and reads the 220 greeting.
fn open(d: &Daemon) -> (TcpStream, BufReader<TcpStream>) {
    let stream = TcpStream::connect(d.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("220"), "{line}");
    (stream, reader)
}

/// A connection from `source` (another loopback address), blocking, with a read timeout.
fn connect_from(rt: &tokio::runtime::Runtime, source: [u8; 4], to: SocketAddr) -> TcpStream {
    let stream = rt
        .block_on(async {
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.bind(SocketAddr::from((source, 0)))?;
            socket.connect(to).await?.into_std()
        })
        .unwrap();
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

fn first_line(stream: &TcpStream) -> String {
    let mut line = String::new();
    let _ = BufReader::new(stream).read_line(&mut line);
    line
}

#[test]
fn idle_connections_from_other_addresses_do_not_lock_a_client_out() {
    let d = Daemon::start(
        "max_connections = 20\nmax_connections_per_client = 3\nidle_timeout = 120",
        "",
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    // One address gets its share and no more.
    let mut held: Vec<TcpStream> = (0..3)
        .map(|_| connect_from(&rt, [127, 0, 0, 2], d.addr))
        .collect();
    assert!(held.iter().all(|s| first_line(s).starts_with("220")));
    let fourth = first_line(&connect_from(&rt, [127, 0, 0, 2], d.addr));
    assert!(
        fourth.starts_with("421 4.7.0") && fourth.contains("from your address"),
        "{fourth}"
    );
    // 30 more addresses, 3 connections each, left idle after the greeting: far past the 20
    // slots, yet each newcomer is greeted because an idle session makes room.
    for host in 3..33u8 {
        for _ in 0..3 {
            let stream = connect_from(&rt, [127, 0, 0, host], d.addr);
            let line = first_line(&stream);
            assert!(line.starts_with("220"), "127.0.0.{host}: {line}");
            held.push(stream);
        }
    }

    // A client from yet another address still gets its greeting and delivers.
    let started = Instant::now();
    let code = d
        .send(
            None,
            &["b@bounce.test"],
            &common::dsn("x@example.com", "5.1.1", "550 5.1.1 unknown", "anvil-1"),
        )
        .unwrap();
    let took = started.elapsed();
    assert_eq!(code, 250);
    assert!(took < Duration::from_secs(10), "delivery took {took:?}");
    assert!(d.log().contains("evicted to make room"), "{}", d.log());
    drop(held);
}

#[test]
fn content_pipelined_behind_a_refused_recipient_is_never_stored() {
    let d = Daemon::start("domains = [\"bounce.test\"]", "");
    let (mut stream, reader) = open(&d);
    // One write: a refused RCPT, DATA, and a body that is itself a transaction.
    stream
        .write_all(
            b"EHLO c\r\nMAIL FROM:<>\r\nRCPT TO:<x@other.test>\r\nDATA\r\n\
              MAIL FROM:<>\r\nRCPT TO:<y@bounce.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n",
        )
        .unwrap();
    let mut answered = String::new();
    let _ = BufReader::new(reader.into_inner()).read_to_string(&mut answered);
    assert!(answered.contains("554 5.5.0"), "{answered}");
    assert_eq!(d.count("SELECT count(*) FROM messages"), 0);
}

#[test]
fn concurrent_transfers_past_the_memory_budget_are_deferred_with_452() {
    use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
    use lettre::transport::smtp::extension::MailParameter;
    // Room for two messages of 100,000 bytes (each counts four times: the copies made while
    // reading and storing it).
    let d = Daemon::start("max_message_size = 100000\nmemory_budget = 850000", "");
    let into_data = |c: &mut lettre::transport::smtp::client::SmtpConnection| {
        c.command(Mail::new(None, vec![MailParameter::Size(100_000)]))
            .unwrap();
        c.command(Rcpt::new("b@bounce.test".parse().unwrap(), vec![]))
            .unwrap();
        c.command(Data)
    };
    // Two transfers declaring 100,000 bytes fit; a third finds no room.
    let mut first = d.connect();
    let mut second = d.connect();
    let mut third = d.connect();
    into_data(&mut first).unwrap();
    into_data(&mut second).unwrap();
    let err = into_data(&mut third).unwrap_err();
    assert!(err.to_string().contains("4.3.1"), "{err}");
    let body = common::dsn("m@example.com", "5.1.1", "550 5.1.1 unknown", "budget-1");
    let reply = first.message(&body).unwrap();
    assert_eq!(u16::from(reply.code()), 250);
    // The committed message gave its share back.
    let mut fourth = d.connect();
    into_data(&mut fourth).unwrap();
    assert!(d.log().contains("memory budget"), "{}", d.log());
    drop((second, third, fourth));
}

#[test]
fn clients_trickling_command_lines_do_not_lock_a_client_out() {
    let d = Daemon::start(
        "max_connections = 10\nmax_connections_per_client = 2\ncommand_timeout = 120\nstress_timeout = 120",
        "",
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    // Every slot holds a command line that never ends.
    let mut held = Vec::new();
    for host in 2..7u8 {
        for _ in 0..2 {
            let mut stream = connect_from(&rt, [127, 0, 0, host], d.addr);
            assert!(first_line(&stream).starts_with("220"));
            stream.write_all(b"NOOP xx").unwrap();
            held.push(stream);
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    let code = d
        .send(
            None,
            &["b@bounce.test"],
            &common::dsn("y@example.com", "5.1.1", "550 5.1.1 unknown", "anvil-2"),
        )
        .unwrap();
    assert_eq!(code, 250);
    drop(held);
}
