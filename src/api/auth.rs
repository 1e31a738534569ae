//! Bearer token checking. The comparison (`subtle`) takes the same time wherever the first wrong byte is,
//! so the token cannot be guessed byte by byte from response times.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::EmptyToken;

/// The token an API client must present, kept as its SHA-256 (equal lengths for the comparison).
#[derive(Clone)]
pub struct Token([u8; 32]);

impl Token {
    /// From the token file's text; an empty token is refused (it would let anyone in).
    pub fn from_text(text: &str) -> Result<Token, EmptyToken> {
        let token = text.trim();
        if token.is_empty() {
            return Err(EmptyToken);
        }
        Ok(Token(Sha256::digest(token.as_bytes()).into()))
    }

    /// Whether an `Authorization` header value is `Bearer <this token>`.
    pub fn admits(&self, authorization: Option<&str>) -> bool {
        let Some(given) = authorization.and_then(|a| a.strip_prefix("Bearer ")) else {
            return false;
        };
        let given: [u8; 32] = Sha256::digest(given.trim().as_bytes()).into();
        given.ct_eq(&self.0).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_bearer_token_is_admitted() {
        let t = Token::from_text("s3cret\n").unwrap();
        assert!(t.admits(Some("Bearer s3cret")));
        assert!(!t.admits(Some("Bearer s3cres")));
        assert!(!t.admits(Some("Basic s3cret")));
        assert!(!t.admits(Some("Bearer ")));
        assert!(!t.admits(None));
        assert!(Token::from_text(" \n").is_err());
    }
}
