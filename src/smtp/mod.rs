//! SMTP intake: sans-IO session and tokio listener.
