//! A gallery of N jobs (default 5,000) opened in headless Chromium: how long the page takes
//! to be ready, and to apply a filter and a sort. Rerunnable figures for BENCHMARKS.md.
//!
//! ```sh
//! cargo run --release -p runcomfy-gallery --example big_gallery -- 5000
//! ```
//!
//! The jobs share 20 generated images (the files themselves are the thumbnails); one in 50
//! is failed. Needs Chromium (`RUNCOMFY_CHROMIUM`, or `chromium` on `PATH`).

// The tests' driver; this example uses part of it.
#[allow(dead_code)]
#[path = "../tests/support/cdp.rs"]
mod cdp;

use runcomfy_gallery::{JobError, ManifestOptions, MediaKind, OutputFile, Record, Status, rebuild};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args().nth(1).map_or(Ok(5000), |s| s.parse())?;
    let exe = cdp::find_browser().ok_or("no Chromium: set RUNCOMFY_CHROMIUM or install chromium")?;
    let dir = tempfile::tempdir()?;
    for i in 0..20u32 {
        let img = image_png(256 + i * 8, 256);
        std::fs::write(dir.path().join(format!("img-{i}.png")), img)?;
    }
    let models = ["acme/a/text-to-image", "acme/b/text-to-image", "acme/c/text-to-image"];
    let records = (1..=n).map(|line| {
        let failed = line % 50 == 0;
        let mut r = Record::new(
            models[(line % 3) as usize],
            json!({"prompt": format!("job {line}: a red fox in fresh snow, soft morning light, 35mm, film grain"), "steps": 4, "seed": line}),
            if failed { Status::Failed } else { Status::Done },
        );
        r.line = Some(line);
        r.request_id = Some(format!("{line:08x}-7b1d-4daf-ae78-9e6aa1b965f4"));
        r.cost = Some(0.001 * (line % 7) as f64);
        r.finished_at = Some(format!("2026-05-09T07:{:02}:{:02}.000Z", line / 60 % 60, line % 60));
        if failed {
            r.error = Some(JobError::new("job failed", "the server said no"));
        } else {
            r.files.push(OutputFile::new(MediaKind::Image, Some(format!("img-{}.png", line % 20)), None));
        }
        r
    });
    rebuild(dir.path(), records, ManifestOptions::default())?;
    let page = dir.path().join("index.html");
    println!("{n} jobs: index.html {} bytes", std::fs::metadata(&page)?.len());

    let mut b = cdp::Browser::launch(&exe)?;
    b.viewport(1280, 900)?;
    let timed = |b: &mut cdp::Browser, id: &str, value: &str| -> Result<f64, String> {
        b.eval(&format!(
            "(() => {{ const s = document.getElementById('{id}'); s.value = '{value}'; const t = performance.now();
               s.dispatchEvent(new Event('change')); document.body.offsetHeight; return performance.now() - t; }})()"
        ))?
        .as_f64()
        .ok_or_else(|| "no time".to_owned())
    };
    let (mut ready, mut script) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        b.navigate(&format!("file://{}", page.display()))?;
        let t = b.eval(
            "[performance.getEntriesByName('runcomfy-gallery-ready')[0].startTime,
              performance.getEntriesByName('runcomfy-gallery-start')[0].startTime]",
        )?;
        let (end, start) = (
            t[0].as_f64().ok_or("no ready mark")?,
            t[1].as_f64().ok_or("no start mark")?,
        );
        ready.push(end);
        script.push(end - start);
    }
    let filter = timed(&mut b, "f-status", "failed")?;
    let shown = b.eval("Number(document.body.dataset.shown)")?;
    assert_eq!(shown.as_u64(), Some(n / 50), "the filter shows the failed jobs");
    let unfilter = timed(&mut b, "f-status", "")?;
    let sort = timed(&mut b, "f-sort", "cost-desc")?;
    ready.sort_by(f64::total_cmp);
    script.sort_by(f64::total_cmp);
    println!(
        "ready after navigation start (median of 5): {:.0} ms (min {:.0}, max {:.0}); the page's script: {:.0} ms",
        ready[2], ready[0], ready[4], script[2]
    );
    println!("filter to one status: {filter:.0} ms; back to all: {unfilter:.0} ms; sort by cost: {sort:.0} ms");
    let shown = b.eval("Number(document.body.dataset.shown)")?;
    assert_eq!(shown.as_u64(), Some(n), "every job is shown");
    // Cards are added 120 at a time as the reader scrolls: scroll to the end until all are in.
    let all = b.eval(
        "(async () => { let last = -1;
           const count = () => document.querySelectorAll('#cards .card').length;
           while (count() !== last) {
             last = count();
             window.scrollTo(0, document.body.scrollHeight);
             // The observer adds the next cards after a frame or two; 2 s without any is the end.
             const end = Date.now() + 2000;
             while (count() === last && Date.now() < end) await new Promise(r => setTimeout(r, 5));
           }
           return last; })()",
    )?;
    assert_eq!(all.as_u64(), Some(n), "scrolling to the end shows every card");
    println!("scrolling to the end brought in all {n} cards");
    Ok(())
}

/// A gradient PNG (stored deflate blocks: no image library needed).
fn image_png(w: u32, h: u32) -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for b in data {
            c ^= u32::from(*b);
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc(&body).to_be_bytes());
    }
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.extend_from_slice(&[(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]);
        }
    }
    let (mut a, mut b) = (1u32, 0u32);
    for x in &raw {
        a = (a + u32::from(*x)) % 65521;
        b = (b + a) % 65521;
    }
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        z.extend_from_slice(&(block.len() as u16).to_le_bytes());
        z.extend_from_slice(&(!(block.len() as u16)).to_le_bytes());
        z.extend_from_slice(block);
    }
    z.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &z);
    chunk(&mut png, b"IEND", &[]);
    png
}
