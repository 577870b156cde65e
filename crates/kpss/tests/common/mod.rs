//! What the tests of the `kpss` binary share: starting `kpss serve` and a small HTTP client.
#![allow(dead_code)] // each test binary uses its own part

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use hyper::header::{CONTENT_TYPE, COOKIE, HOST, SET_COOKIE};
use hyper_util::rt::TokioIo;

/// `kpss serve` on the database; its address and the demo coordinator's password (printed on
/// the first start only).
pub fn serve(database: &str) -> (Child, SocketAddr, Option<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kpss"))
        .args(["--database-url", database, "--listen", "127.0.0.1:0"])
        .env("KPSS_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("kpss starts");
    let mut password = None;
    for line in BufReader::new(child.stdout.take().expect("stdout")).lines() {
        let line = line.expect("utf-8 console");
        if line.contains("koordinator@demo.kpss.cz") {
            password = line.split_whitespace().last().map(str::to_owned);
        }
        if let Some(rest) = line.strip_prefix("kpss běží na http://") {
            let addr = rest.split('/').next().unwrap().parse().unwrap();
            return (child, addr, password);
        }
    }
    child.kill().ok();
    child.wait().ok();
    panic!("kpss serve did not start");
}

pub struct Answer {
    pub status: u16,
    pub cookie: Option<String>,
    pub body: String,
}

pub async fn send(
    addr: SocketAddr,
    path: &str,
    cookie: Option<&str>,
    form: Option<String>,
) -> Result<Answer, Box<dyn std::error::Error + Send + Sync>> {
    let stream = tokio::net::TcpStream::connect(addr).await?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    let mut request = Request::builder()
        .method(if form.is_some() { "POST" } else { "GET" })
        .uri(path)
        .header(HOST, "localhost");
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    if form.is_some() {
        request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    let body = Full::new(Bytes::from(form.unwrap_or_default()));
    let response = sender.send_request(request.body(body)?).await?;
    let status = response.status().as_u16();
    // A login also sets the device cookie; the session is what this client keeps.
    let cookie = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("kpss_session="))
        .and_then(|c| c.split(';').next())
        .map(str::to_owned);
    let body = response.into_body().collect().await?.to_bytes();
    Ok(Answer {
        status,
        cookie,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

pub fn csrf(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .unwrap_or_else(|| panic!("a form in {page}"))
        + 19;
    page[at..at + 64].to_owned()
}

pub fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}
