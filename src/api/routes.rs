//! Which question a request asks: method and target in, a `Route` or a client error out.
//! Pure, so every path and parameter rule is unit-tested without a server.

use chrono::{DateTime, Utc};

use super::queries::MAX_PAGE;

#[derive(Debug, PartialEq)]
pub enum Route {
    Person(String),
    Suppressions {
        since: Option<DateTime<Utc>>,
        after: Option<String>,
        limit: usize,
    },
    Mailable,
}

/// A request the API refuses: HTTP status and why.
#[derive(Debug, PartialEq)]
pub struct Refusal(pub u16, pub String);

fn refuse<T>(status: u16, why: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal(status, why.into()))
}

/// `target` is the request's path and query, as sent.
pub fn route(method: &str, target: &str, now: DateTime<Utc>) -> Result<Route, Refusal> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let allowed = |m: &str| {
        if method == m {
            Ok(())
        } else {
            refuse(405, format!("{path} answers {m} only"))
        }
    };
    if let Some(email) = path.strip_prefix("/v1/people/") {
        allowed("GET")?;
        let email = decode(email).ok_or_else(|| Refusal(400, "bad percent-encoding".into()))?;
        let email =
            crate::address::parse(&email).map_err(|e| Refusal(400, format!("{email:?}: {e}")))?;
        return Ok(Route::Person(email));
    }
    match path {
        "/v1/suppressions" => {
            allowed("GET")?;
            let (mut since, mut after, mut limit) = (None, None, MAX_PAGE);
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                let value =
                    decode(value).ok_or_else(|| Refusal(400, "bad percent-encoding".into()))?;
                match key {
                    "since" => {
                        since = Some(
                            crate::since::parse_since(&value, now)
                                .map_err(|e| Refusal(400, e.to_string()))?,
                        )
                    }
                    "after" => after = Some(value),
                    "limit" => match value.parse::<usize>() {
                        Ok(n) if (1..=MAX_PAGE).contains(&n) => limit = n,
                        _ => return refuse(400, format!("limit: 1 to {MAX_PAGE}")),
                    },
                    _ => {
                        return refuse(
                            400,
                            format!("unknown parameter {key:?} (since, after, limit)"),
                        )
                    }
                }
            }
            Ok(Route::Suppressions {
                since,
                after,
                limit,
            })
        }
        "/v1/mailable" => {
            allowed("POST")?;
            Ok(Route::Mailable)
        }
        _ => refuse(
            404,
            "no such path (/v1/people/EMAIL, /v1/suppressions, /v1/mailable)",
        ),
    }
}

/// Percent-decoding (`+` stays a `+`: it is common in addresses); None when malformed.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The addresses of a `POST /v1/mailable` body: a JSON array of strings, or `{"emails": [...]}`.
pub fn addresses(body: &[u8]) -> Result<Vec<String>, Refusal> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Body {
        List(Vec<String>),
        Object { emails: Vec<String> },
    }
    let list = match serde_json::from_slice::<Body>(body) {
        Ok(Body::List(l)) | Ok(Body::Object { emails: l }) => l,
        Err(_) => {
            return refuse(
                400,
                "expected a JSON array of addresses or {\"emails\": [...]}",
            )
        }
    };
    if list.len() > super::queries::MAX_ADDRESSES {
        return refuse(
            413,
            format!(
                "at most {} addresses per request",
                super::queries::MAX_ADDRESSES
            ),
        );
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(method: &str, target: &str) -> Result<Route, Refusal> {
        route(method, target, Utc::now())
    }

    #[test]
    fn people_paths_are_decoded_and_checked() {
        assert_eq!(
            r("GET", "/v1/people/Tom%40Example.com"),
            Ok(Route::Person("tom@example.com".into()))
        );
        assert_eq!(
            r("GET", "/v1/people/a+b@x.test"),
            Ok(Route::Person("a+b@x.test".into()))
        );
        assert_eq!(r("GET", "/v1/people/nope").unwrap_err().0, 400);
        assert_eq!(r("GET", "/v1/people/%4").unwrap_err().0, 400);
        assert_eq!(r("POST", "/v1/people/a@x.test").unwrap_err().0, 405);
    }

    #[test]
    fn suppression_parameters() {
        let Ok(Route::Suppressions {
            since,
            after,
            limit,
        }) = r(
            "GET",
            "/v1/suppressions?since=2026-11-26T00%3A00%3A00Z&after=b%40x.test&limit=2",
        )
        else {
            panic!("not a suppressions route");
        };
        assert_eq!(since.unwrap().to_rfc3339(), "2026-11-26T00:00:00+00:00");
        assert_eq!(after.as_deref(), Some("b@x.test"));
        assert_eq!(limit, 2);
        assert_eq!(r("GET", "/v1/suppressions?limit=0").unwrap_err().0, 400);
        assert_eq!(r("GET", "/v1/suppressions?sinse=1d").unwrap_err().0, 400);
        assert_eq!(
            r("GET", "/v1/suppressions?since=yesterday").unwrap_err().0,
            400
        );
        assert_eq!(r("GET", "/v2/x").unwrap_err().0, 404);
        assert_eq!(r("GET", "/v1/mailable").unwrap_err().0, 405);
    }

    #[test]
    fn mailable_bodies() {
        assert_eq!(addresses(br#"["a@x.test"]"#).unwrap(), ["a@x.test"]);
        assert_eq!(
            addresses(br#"{"emails": ["b@x.test"]}"#).unwrap(),
            ["b@x.test"]
        );
        assert_eq!(addresses(b"a@x.test").unwrap_err().0, 400);
        let many = serde_json::to_vec(&vec!["a@x.test"; 1001]).unwrap();
        assert_eq!(addresses(&many).unwrap_err().0, 413);
    }
}
