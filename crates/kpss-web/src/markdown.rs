//! Markdown typed by people (minutes) as safe HTML: rendered by pulldown-cmark, then cleaned by
//! ammonia, so neither raw HTML nor `javascript:` links survive.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// The HTML of a Markdown text, safe to put into a page as it is.
#[must_use]
pub fn to_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    // The page has its own h1 and h2: the text's highest heading becomes an h3 and the others
    // follow it, so no level is skipped however the text begins („## Závěry“ too).
    let top = Parser::new_ext(markdown, options)
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let lower = |level: HeadingLevel| {
        HeadingLevel::try_from((level as usize + 3).saturating_sub(top).min(6))
            .unwrap_or(HeadingLevel::H6)
    };
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    });
    html::push_html(&mut raw, events);
    ammonia::Builder::default()
        // Minutes are text: no picture fetched from elsewhere when someone reads them.
        .rm_tags(["img"])
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
        assert!(html.contains("<h3>Zápis</h3>"), "{html}");
        assert!(html.contains("<strong>Přítomni:</strong>"));
        assert!(html.contains("<li>bod 2</li>"));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        let second = to_html("## Závěry\n\n### Úkoly\n\ntext");
        assert!(second.contains("<h3>Závěry</h3>"), "{second}");
        assert!(second.contains("<h4>Úkoly</h4>"), "{second}");
    }
}
