//! A `multipart/form-data` body parser (RFC 7578 / RFC 2046 section 5.1), for `formData()` on
//! Request and Response bodies. It works on a body already in memory, never panics, and keeps
//! no more than the list of part boundaries it found (the part bodies are slices of the input).
//! The error messages are workerd's, since scripts may show them.

/// One part of a `multipart/form-data` body.
#[derive(Debug, PartialEq, Eq)]
pub struct Part<'a> {
    /// The `name` parameter of the part's `Content-Disposition`.
    pub name: String,
    /// The `filename` parameter, when the part is a file.
    pub filename: Option<String>,
    /// The part's `Content-Type` header, when it has one.
    pub content_type: Option<String>,
    /// The part's bytes.
    pub body: &'a [u8],
}

/// The longest boundary accepted (RFC 2046 allows 70 characters; some clients send more).
pub const MAX_BOUNDARY: usize = 256;

const NO_INITIAL: &str = "No initial boundary string (or you have a truncated message).";
const NO_SUBSEQUENT: &str = "No subsequent boundary string after multipart message.";
const BAD_DELIMITER: &str =
    "Malformed multipart message: a boundary delimiter is not followed by CRLF.";
const NO_HEADERS_END: &str = "Malformed multipart message: a part's headers do not end.";
const NO_DISPOSITION: &str = "No valid Content-Disposition header found in FormData part.";
const NO_NAME: &str = "Content-Disposition header in FormData part is missing a name.";
const BAD_BOUNDARY: &str = "Invalid multipart/form-data boundary.";

/// Parses `body` as `multipart/form-data` with `boundary` (already unquoted). Preamble and
/// epilogue are ignored; a missing close delimiter, a part without a `Content-Disposition`
/// name, or anything else malformed is an error (its message for a `TypeError`).
pub fn parse<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, &'static str> {
    if boundary.is_empty() || boundary.len() > MAX_BOUNDARY {
        return Err(BAD_BOUNDARY);
    }
    let dash: Vec<u8> = [b"--", boundary.as_bytes()].concat();
    let next_delimiter: Vec<u8> = [b"\r\n", dash.as_slice()].concat();
    let first = if body.starts_with(&dash) {
        0
    } else {
        find(body, &next_delimiter).ok_or(NO_INITIAL)? + 2
    };
    let mut pos = first + dash.len();
    let mut parts = Vec::new();
    loop {
        let rest = &body[pos..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        // Transport padding, then the line break that ends the delimiter line.
        let padding = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let rest = &rest[padding..];
        if !rest.starts_with(b"\r\n") {
            return Err(if rest.is_empty() {
                NO_SUBSEQUENT
            } else {
                BAD_DELIMITER
            });
        }
        let head_start = pos + padding + 2;
        let rest = &body[head_start..];
        let (head, content_start) = if rest.starts_with(b"\r\n") {
            (&rest[..0], head_start + 2)
        } else {
            let end = find(rest, b"\r\n\r\n").ok_or(NO_HEADERS_END)?;
            (&rest[..end], head_start + end + 4)
        };
        let content_end =
            content_start + find(&body[content_start..], &next_delimiter).ok_or(NO_SUBSEQUENT)?;
        let (name, filename, content_type) = part_headers(head)?;
        parts.push(Part {
            name,
            filename,
            content_type,
            body: &body[content_start..content_end],
        });
        pos = content_end + next_delimiter.len();
    }
}

/// The name, filename and content type from a part's header block.
fn part_headers(head: &[u8]) -> Result<(String, Option<String>, Option<String>), &'static str> {
    let mut disposition = None;
    let mut content_type = None;
    for line in head.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let name = &line[..colon];
        let value = String::from_utf8_lossy(&line[colon + 1..])
            .trim()
            .to_string();
        if name.eq_ignore_ascii_case(b"content-disposition") {
            disposition = Some(value);
        } else if name.eq_ignore_ascii_case(b"content-type") {
            content_type = Some(value);
        }
    }
    let disposition = disposition.ok_or(NO_DISPOSITION)?;
    let (kind, params) = disposition
        .split_once(';')
        .unwrap_or((disposition.as_str(), ""));
    if !kind.trim().eq_ignore_ascii_case("form-data") {
        return Err(NO_DISPOSITION);
    }
    let mut name = None;
    let mut filename = None;
    for (key, value) in parameters(params) {
        if key.eq_ignore_ascii_case("name") && name.is_none() {
            name = Some(value);
        } else if key.eq_ignore_ascii_case("filename") && filename.is_none() {
            filename = Some(value);
        }
    }
    Ok((name.ok_or(NO_NAME)?, filename, content_type))
}

/// `key=value` and `key="quoted \" value"` parameters separated by `;`.
fn parameters(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while matches!(chars.peek(), Some(c) if c.is_whitespace() || *c == ';') {
            chars.next();
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c == ';' {
                break;
            }
            key.push(c);
            chars.next();
        }
        if key.is_empty() && chars.peek().is_none() {
            return out;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            while matches!(chars.peek(), Some(c) if c.is_whitespace()) {
                chars.next();
            }
            if chars.peek() == Some(&'"') {
                chars.next();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => value.extend(chars.next()),
                        c => value.push(c),
                    }
                }
                // Anything between the closing quote and the next `;` is ignored.
                while matches!(chars.peek(), Some(c) if *c != ';') {
                    chars.next();
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == ';' {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
                value = value.trim_end().to_string();
            }
        }
        out.push((key.trim().to_string(), value));
    }
}

/// The first index of `needle` in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, tail) = needle.split_first()?;
    let mut from = 0;
    while from + needle.len() <= hay.len() {
        let last_start = hay.len() - needle.len();
        let offset = hay[from..=last_start].iter().position(|&b| b == first)?;
        let at = from + offset;
        if hay[at + 1..at + needle.len()] == *tail {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_file_parts() {
        let body = b"preamble\r\n--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n\
--XX  \r\ncontent-disposition: form-data; name=\"f\"; filename=\"a \\\"b\\\".txt\"\r\n\
Content-Type: text/plain\r\n\r\nline1\r\nline2\r\n--XX\r\nContent-Disposition: form-data; name=e\r\n\r\n\r\n--XX--\r\nepilogue";
        let parts = parse(body, "XX").unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].name, "a");
        assert_eq!(parts[0].body, b"hello");
        assert_eq!(parts[0].filename, None);
        assert_eq!(parts[1].filename.as_deref(), Some("a \"b\".txt"));
        assert_eq!(parts[1].content_type.as_deref(), Some("text/plain"));
        assert_eq!(parts[1].body, b"line1\r\nline2");
        assert_eq!(parts[2].name, "e");
        assert_eq!(parts[2].body, b"");
    }

    #[test]
    fn errors() {
        assert_eq!(parse(b"garbage", "XX"), Err(NO_INITIAL));
        assert_eq!(
            parse(
                b"--XX\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhi",
                "XX"
            ),
            Err(NO_SUBSEQUENT)
        );
        assert_eq!(
            parse(
                b"--XX\r\nContent-Disposition: form-data\r\n\r\nhi\r\n--XX--",
                "XX"
            ),
            Err(NO_NAME)
        );
        assert_eq!(
            parse(
                b"--XX\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XX--",
                "XX"
            ),
            Err(NO_DISPOSITION)
        );
        assert_eq!(parse(b"--XX\r\nContent-Disp", "XX"), Err(NO_HEADERS_END));
        assert_eq!(parse(b"--XXjunk", "XX"), Err(BAD_DELIMITER));
        assert_eq!(parse(b"--XX", "XX"), Err(NO_SUBSEQUENT));
        assert_eq!(parse(b"--XX--", ""), Err(BAD_BOUNDARY));
        assert_eq!(parse(b"--XX--", "XX"), Ok(vec![]));
    }

    #[test]
    fn never_panics_on_prefixes() {
        let body =
            b"--b\r\nContent-Disposition: form-data; name=\"x\"; filename=\"y\"\r\n\r\nz\r\n--b--";
        for n in 0..body.len() {
            let _ = parse(&body[..n], "b");
        }
        assert_eq!(parse(body, "b").unwrap()[0].body, b"z");
        assert_eq!(find(b"abc", b"c"), Some(2));
        assert_eq!(find(b"ab", b"abc"), None);
        assert_eq!(find(b"aab", b"ab"), Some(1));
    }
}
