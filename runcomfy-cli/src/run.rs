//! `runcomfy run <model_id> [flags]`: the model's schema (a `--schema FILE`, compiled in, or
//! the live catalog and its cache), flags generated from it, the request checked before any
//! network call that is not needed, its estimated price shown (and confirmed when asked),
//! then the library's pipeline.

use std::io::{BufRead as _, IsTerminal as _, Read as _, Write as _};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use runcomfy_client::DynamicRequest;
use runcomfy_client::catalog::{PriceEstimate, estimate};
use runcomfy_client::schema::EndpointSchema;
use runcomfy_client::wire::CatalogEntry;

use crate::Global;
use crate::exit::{self, CliError};
use crate::{catalog, flags, remote};

/// The default `--confirm-above`: ask on a terminal above this many USD.
pub const DEFAULT_CONFIRM_ABOVE: f64 = 1.0;

/// The schema of `model_id` from `file`.
fn schema_from_file(model_id: &str, file: &Path) -> Result<Arc<EndpointSchema>, CliError> {
    let text = runcomfy_client::resolve::read_schema_file(file).map_err(|e| match e.kind() {
        runcomfy_client::ErrorKind::Io => CliError::no_input(e.display_chain()),
        _ => CliError::data(e.display_chain()),
    })?;
    let parsed = runcomfy_client::schema::parse_schema(&file.display().to_string(), model_id, &text);
    for d in parsed.diagnostics.iter().filter(|d| !d.is_error()) {
        eprintln!("warning: {d}");
    }
    let errors = parsed.error_messages();
    parsed.schema.map(Arc::new).ok_or_else(|| {
        CliError::data(format!(
            "the schema file has errors:\n{}",
            errors.iter().map(|m| format!("  {m}")).collect::<Vec<_>>().join("\n")
        ))
    })
}

/// `run`.
pub fn command(model_id: String, args: Vec<String>, mut global: Global) -> Result<(), CliError> {
    let pre = flags::prescan(&args);
    global.simulate |= pre.simulate;
    // What needs no network: a schema file, or a model compiled into this binary.
    let local = match &pre.schema {
        Some(file) => Some(schema_from_file(&model_id, file)?),
        None => runcomfy_client::resolve::compiled(&model_id),
    };
    if local.is_none() {
        runcomfy_client::wire::catalog::check_model_id(&model_id)
            .map_err(|why| CliError::usage(format!("{why}\n{}", catalog::known_models_hint(&model_id))))?;
        if !remote::can_connect(&global) {
            return Err(CliError::usage(format!(
                "unknown model {model_id:?}: it is not compiled into this binary, and the live catalog needs a \
                 token (RUNCOMFY_TOKEN) or --simulate; or give its schema with --schema FILE\n{}",
                catalog::known_models_hint(&model_id)
            )));
        }
    }
    remote::runtime()?.block_on(async move {
        let mut ctx = None;
        let (schema, mut entry) = match local {
            Some(schema) => (schema, None),
            None => {
                let c = remote::connect(global.clone()).await?;
                let found = c.resolver(false).resolve(&model_id).await.map_err(|e| {
                    if e.is_not_found() {
                        CliError::usage(format!(
                            "unknown model {model_id:?} (not in the catalog)\n{}",
                            catalog::known_models_hint(&model_id)
                        ))
                    } else {
                        CliError::from(e)
                    }
                })?;
                ctx = Some(c);
                (found.schema, found.entry)
            }
        };
        let cmd = flags::command(&schema, global.color);
        let m = match cmd.try_get_matches_from(&args) {
            Ok(m) => m,
            Err(e) => {
                let _ = e.print();
                return if e.use_stderr() {
                    Err(CliError::usage(format!("bad arguments for `run {model_id}`")))
                } else {
                    Ok(())
                };
            }
        };
        global.quiet |= m.get_flag("quiet");
        global.verbose |= m.get_flag("verbose");
        if let Some(o) = m.get_one::<String>("output") {
            global.json = o == "json";
        }
        let body = flags::body(&schema, &m)?;
        // Everything that needs no network is checked before connecting (no token needed).
        let request = DynamicRequest::new(schema.clone(), body);
        request.check()?;
        let dry_run = m.get_flag("dry-run");
        // The price: from the catalog entry (the catalog or its cache), when one can be had.
        if entry.is_none() && (ctx.is_some() || remote::can_connect(&global)) {
            if ctx.is_none() {
                ctx = Some(remote::connect(global.clone()).await?);
            }
            if let Some(c) = &ctx {
                entry = c.resolver(false).entry(&model_id).await;
            }
        }
        let price = estimate(entry.as_ref(), Some(&schema), request.body()).ok();
        if dry_run {
            return print_dry_run(&global, &request, entry.as_ref(), price.as_ref());
        }
        confirm(&global, &m, &model_id, entry.as_ref(), price.as_ref())?;
        let ctx = match ctx {
            Some(c) => c,
            None => remote::connect(global.clone()).await?,
        };
        let opts = remote::RunOptions {
            output_dir: m
                .get_one::<std::path::PathBuf>("output-dir")
                .cloned()
                .unwrap_or_else(|| ".".into()),
            no_wait: m.get_flag("no-wait"),
            download: !m.get_flag("no-download"),
            timeout: Duration::from_secs(m.get_one::<u64>("timeout").copied().unwrap_or(600)),
        };
        remote::run(ctx, request, opts).await
    })
}

fn price_line(entry: Option<&CatalogEntry>, price: Option<&PriceEstimate>) -> String {
    match (price, entry) {
        (Some(p), _) => format!("estimated price: {} USD ({})", p.usd, p.basis),
        (None, Some(e)) => format!(
            "estimated price: unknown (the catalog gives {}{})",
            e.base_price_usd
                .map_or_else(|| "no price".to_owned(), |p| format!("{p} USD")),
            e.price_unit
                .as_ref()
                .map(|u| format!(" per {}", u.as_str()))
                .unwrap_or_default()
        ),
        (None, None) => "estimated price: unknown (no catalog entry: run with a token or --simulate)".to_owned(),
    }
}

/// `--dry-run`: the body (stdout) and the estimate; nothing is submitted.
fn print_dry_run(
    global: &Global,
    request: &DynamicRequest,
    entry: Option<&CatalogEntry>,
    price: Option<&PriceEstimate>,
) -> Result<(), CliError> {
    if global.json {
        outln!(
            "{}",
            serde_json::json!({
                "model_id": request.model_id(),
                "body": request.body(),
                "estimated_usd": price.map(|p| p.usd),
                "estimate_basis": price.map(|p| p.basis.clone()),
            })
        );
    } else {
        outln!(
            "{}",
            serde_json::to_string_pretty(request.body()).unwrap_or_else(|_| request.body().to_string())
        );
        eprintln!("{} (dry run: nothing was submitted)", price_line(entry, price));
    }
    Ok(())
}

/// Shows the estimate; refuses above `--max-price`; on a terminal, asks above
/// `--confirm-above` unless `-y`.
fn confirm(
    global: &Global,
    m: &clap::ArgMatches,
    model_id: &str,
    entry: Option<&CatalogEntry>,
    price: Option<&PriceEstimate>,
) -> Result<(), CliError> {
    if !global.quiet {
        eprintln!("{model_id}: {}", price_line(entry, price));
    }
    let Some(p) = price else { return Ok(()) };
    if let Some(max) = m.get_one::<f64>("max-price")
        && p.usd > *max
    {
        return Err(CliError::data(format!(
            "the estimated price {} USD is above --max-price {max} USD; nothing was submitted",
            p.usd
        )));
    }
    let above = m
        .get_one::<f64>("confirm-above")
        .copied()
        .or_else(|| {
            std::env::var("RUNCOMFY_CONFIRM_ABOVE")
                .ok()
                .and_then(|v| crate::parse_usd(&v).ok())
        })
        .unwrap_or(DEFAULT_CONFIRM_ABOVE);
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if m.get_flag("yes") || !interactive || p.usd <= above {
        return Ok(());
    }
    eprint!("submit {model_id} for about {} USD? [y/N] ", p.usd);
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .take(64)
        .read_line(&mut answer)
        .map_err(|e| CliError::no_input(format!("cannot read the answer: {e}")))?;
    if matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
        Ok(())
    } else {
        Err(CliError::new(exit::USAGE, "not submitted"))
    }
}
