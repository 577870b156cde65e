//! Markdown typed by people (minutes) as safe HTML: rendered by pulldown-cmark, then cleaned by
//! ammonia, so neither raw HTML nor `javascript:` links survive.

use pulldown_cmark::{Options, Parser, html};

/// The HTML of a Markdown text, safe to put into a page as it is.
#[must_use]
pub fn to_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn markdown_becomes_html_without_scripts() {
        let html = to_html(
            "# Zápis\n\n**Přítomni:** 12\n\n- bod 1\n- bod 2\n\n<script>alert(1)</script>\n\n\
             [klik](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<h1>Zápis</h1>"), "{html}");
        assert!(html.contains("<strong>Přítomni:</strong>"));
        assert!(html.contains("<li>bod 2</li>"));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }
}
