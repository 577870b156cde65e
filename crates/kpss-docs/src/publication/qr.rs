//! The QR code on each item of a publication, leading to the item's page online.

/// The QR code of an address as greyscale pixels, one byte a module, a row after another,
/// with a quiet zone of two modules; none for an address longer than a QR code holds (over
/// 2 kB). Raw pixels need no PNG encoded here and decoded by typst again, and a bitmap is
/// embedded many times faster than a vector path, which for 20 000 services is minutes.
///
/// The mask is fixed: readers decode any of the eight, and scoring all eight to pick the
/// least confusing pattern was most of the time a code took – a second of the catalogue book.
#[must_use]
pub fn qr_pixels(url: &str) -> Option<Vec<u8>> {
    use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};
    const QUIET: i32 = 2;
    let code = QrCode::encode_segments_advanced(
        &QrSegment::make_segments(url),
        QrCodeEcc::Medium,
        Version::MIN,
        Version::MAX,
        Some(Mask::new(0)),
        false,
    )
    .ok()?;
    let side = code.size() + 2 * QUIET;
    let mut pixels = Vec::with_capacity(usize::try_from(side * side).ok()?);
    for y in -QUIET..code.size() + QUIET {
        for x in -QUIET..code.size() + QUIET {
            // `get_module` is light outside the symbol: the quiet zone.
            pixels.push(if code.get_module(x, y) { 0 } else { 255 });
        }
    }
    Some(pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_code_is_a_square_with_a_quiet_zone() {
        let pixels = qr_pixels("https://kpss.example.cz/katalog/sluzby/12").unwrap();
        // Version 3 (29 modules) for an address of this length, and two modules each side.
        assert_eq!(pixels.len(), 33 * 33);
        assert!(pixels[..2 * 33].iter().all(|&p| p == 255), "quiet zone");
        assert_eq!(pixels[2 * 33 + 2], 0, "the finder pattern's corner");
        assert!(qr_pixels(&"x".repeat(3000)).is_none());
    }

    #[test]
    fn a_qr_code_reads_back_as_its_address() {
        for url in [
            "https://kpss.example.cz/katalog/sluzby/12",
            "http://localhost/katalog/sluzby/16350",
            "https://socialnisluzby.ostrava.cz/akcni-plany/2026/karty/123456",
            "https://kpss.example.cz/katalog/sluzby/9",
            "HTTPS://KPSS.EXAMPLE.CZ/KATALOG/SLUZBY/999",
        ] {
            let pixels = qr_pixels(url).unwrap();
            let side = pixels.len().isqrt();
            assert_eq!(side * side, pixels.len());
            // A reader needs a few pixels a module, as a printer gives it.
            let mut image =
                rqrr::PreparedImage::prepare_from_greyscale(side * 4, side * 4, |x, y| {
                    pixels[y / 4 * side + x / 4]
                });
            let grids = image.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            assert_eq!(grids[0].decode().unwrap().1, url);
        }
    }
}
