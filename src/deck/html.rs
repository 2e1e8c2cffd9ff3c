//! Field text between HTML (as Anki keeps it) and the plain text of a card.
//!
//! [`to_text`] walks the tags once: `<br>` and block elements become line
//! breaks, other tags are dropped, every named and numeric entity is decoded
//! (by `html-escape`), and images, sounds and videos leave a marker such as
//! `[image: scan.png]` so that nothing is dropped silently.

/// Plain text from HTML, and whether it referred to media files.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    /// The text, trimmed, with single blank-free line breaks.
    pub text: String,
    /// How many images, sounds or videos it referred to.
    pub media: usize,
}

/// Elements whose start and end break the line.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tr",
    "ul",
];

/// Elements whose content is not text.
const HIDDEN: &[&str] = &["script", "style", "head", "title"];

/// Plain text from an HTML field. Whitespace runs collapse to one space as a
/// browser shows them; `<br>` and block elements break lines; `<img src>`,
/// `<audio src>`, `<video src>` and Anki's `[sound:file]` become `[image:
/// file]`, `[sound: file]` and `[video: file]` markers. Linear in the input.
pub fn to_text(html: &str) -> Text {
    let mut out = Out::default();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.text(&rest[..open]);
        let after = &rest[open + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let starts_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !starts_tag {
            out.text("<");
            rest = after;
            continue;
        }
        // No `>` anywhere after: no later `<` can close either.
        let Some(close) = after.find('>') else {
            out.text(&rest[open..]);
            rest = "";
            break;
        };
        let tag = &after[..close];
        rest = &after[close + 1..];
        let (closing, name) = match tag.strip_prefix('/') {
            Some(t) => (true, tag_name(t)),
            None => (false, tag_name(tag)),
        };
        if HIDDEN.contains(&name.as_str()) && !closing {
            rest = skip_past_end(rest, &name);
            continue;
        }
        match name.as_str() {
            "br" => out.line_break(),
            "img" if !closing => out.marker("image", attribute(tag, "src")),
            "audio" | "source" if !closing => {
                if let Some(src) = attribute(tag, "src") {
                    out.marker("sound", Some(src));
                }
            }
            "video" if !closing => out.marker("video", attribute(tag, "src")),
            "td" | "th" if closing => out.text(" "),
            n if BLOCKS.contains(&n) => out.block_edge(),
            _ => {}
        }
    }
    out.text(rest);
    out.finish()
}

/// Text for an Anki field with `#html:true`: markup characters escaped,
/// line breaks as `<br>`.
pub fn to_html(text: &str) -> String {
    html_escape::encode_double_quoted_attribute(text).replace('\n', "<br>")
}

/// The lower-case element name at the start of a tag's inside.
fn tag_name(tag: &str) -> String {
    tag.trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// What follows the end tag of `name` (case-insensitive), or nothing.
fn skip_past_end<'t>(rest: &'t str, name: &str) -> &'t str {
    let mut from = 0;
    while let Some(found) = rest[from..].find("</") {
        let at = from + found + 2;
        if rest
            .get(at..at + name.len())
            .is_some_and(|c| c.eq_ignore_ascii_case(name))
        {
            return rest[at..].find('>').map_or("", |end| &rest[at + end + 1..]);
        }
        from = at;
    }
    ""
}

/// The decoded value of attribute `name` in a tag's inside.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = lower[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace);
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - after.len() + 1;
        let value = tag[value_start..].trim_start();
        let raw = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or_default(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or_default(),
        };
        let decoded = html_escape::decode_html_entities(raw);
        return Some(decoded.trim().to_string()).filter(|v| !v.is_empty());
    }
    None
}

/// The text being built, with line breaks kept apart from collapsed spaces.
#[derive(Default)]
struct Out {
    text: String,
    media: usize,
    /// A space is owed before the next visible character.
    space: bool,
}

impl Out {
    /// Adds a run of text between tags: entities decoded, whitespace collapsed,
    /// Anki's `[sound:file]` references turned into markers.
    fn text(&mut self, raw: &str) {
        let decoded = html_escape::decode_html_entities(raw);
        let mut rest: &str = &decoded;
        while let Some(at) = rest.find("[sound:") {
            let Some(end) = rest[at..].find(']') else {
                break;
            };
            self.words(&rest[..at]);
            let file = rest[at + "[sound:".len()..at + end].trim().to_string();
            self.marker("sound", Some(file).filter(|f| !f.is_empty()));
            rest = &rest[at + end + 1..];
        }
        self.words(rest);
    }

    fn words(&mut self, text: &str) {
        for c in text.chars() {
            // A no-break space shows as a space; it is one to the learner too.
            if c.is_whitespace() || c == '\u{a0}' {
                self.space = !self.text.is_empty() && !self.text.ends_with('\n');
            } else {
                if self.space {
                    self.text.push(' ');
                    self.space = false;
                }
                self.text.push(c);
            }
        }
    }

    fn marker(&mut self, kind: &str, file: Option<String>) {
        self.media += 1;
        match file {
            Some(file) => self.words(&format!("[{kind}: {file}]")),
            None => self.words(&format!("[{kind}]")),
        }
    }

    fn line_break(&mut self) {
        self.space = false;
        self.text.push('\n');
    }

    /// A block starts or ends: a line break unless one is already there.
    fn block_edge(&mut self) {
        self.space = false;
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn finish(self) -> Text {
        let lines: Vec<&str> = self.text.lines().map(str::trim_end).collect();
        Text {
            text: lines.join("\n").trim().to_string(),
            media: self.media,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        to_text(html).text
    }

    #[test]
    fn line_breaks_and_blocks_become_newlines() {
        assert_eq!(text("one<br>two<br/>three"), "one\ntwo\nthree");
        assert_eq!(text("<div>a</div><div>b</div>"), "a\nb");
        assert_eq!(
            text("<p>para</p>\n<ul><li>x</li><li>y</li></ul>"),
            "para\nx\ny"
        );
        assert_eq!(text("a<br><br>b"), "a\n\nb");
    }

    #[test]
    fn every_named_and_numeric_entity_is_decoded() {
        assert_eq!(
            text("&lt;1&nbsp;mg &amp; &ge;2 &mdash; &alpha;"),
            "<1 mg & ≥2 — α"
        );
        assert_eq!(text("&#8805;&#x3b2;&eacute;&hellip;&rarr;"), "≥βé…→");
        assert_eq!(text("&lt;b&gt;not a tag&lt;/b&gt;"), "<b>not a tag</b>");
    }

    #[test]
    fn whitespace_collapses_as_a_browser_shows_it() {
        assert_eq!(text("  a \n\t b  "), "a b");
        assert_eq!(text("<b>bold</b> <i>it</i>"), "bold it");
    }

    #[test]
    fn media_leave_markers_and_are_counted() {
        let t = to_text(r#"Scan: <img src="ct&amp;scan.png"> and [sound:voice.mp3]<img alt=x>"#);
        assert_eq!(
            t.text,
            "Scan: [image: ct&scan.png] and [sound: voice.mp3][image]"
        );
        assert_eq!(t.media, 3);
        assert_eq!(to_text("<IMG SRC='a b.jpg' />").text, "[image: a b.jpg]");
        assert_eq!(to_text("plain").media, 0);
    }

    #[test]
    fn scripts_styles_and_comments_show_nothing() {
        assert_eq!(
            text("a<style>p{}</style>b<!-- x -->c<script>1<2</script>d"),
            "abcd"
        );
    }

    #[test]
    fn stray_angle_brackets_are_text() {
        assert_eq!(text("1 < 2 and 3 > 2"), "1 < 2 and 3 > 2");
        assert_eq!(text("x <unclosed"), "x <unclosed");
    }

    #[test]
    fn escaped_text_reads_back_the_same() {
        let original = "a < b & \"c\"\nnext 'd'";
        assert_eq!(text(&to_html(original)), original);
    }

    #[test]
    fn cost_stays_linear_on_many_open_brackets() {
        let hostile = "<a".repeat(100_000) + &"<style></style>".repeat(20_000);
        let started = std::time::Instant::now();
        let _ = to_text(&hostile);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }
}
