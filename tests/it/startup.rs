//! What starting the binary costs in system calls, read with strace.

use std::path::Path;
use std::process::Command;

use crate::common::trialdrill;

/// The files and folders `args` opens, as strace reports them; `None` when
/// strace cannot run here.
fn opened(home: &Path, args: &[&str]) -> Option<Vec<String>> {
    let trace = home.join("opened.trace");
    let program = trialdrill(home);
    let traced = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=open,openat,openat2", "-o"])
        .arg(&trace)
        .arg(program.get_program())
        .args(program.get_args())
        .args(args)
        .env_remove("TZ")
        .output();
    match traced {
        Ok(out) if out.status.success() => {}
        Ok(out) => panic!("{}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => {
            assert_eq!(e.kind(), std::io::ErrorKind::NotFound, "{e}");
            return None;
        }
    }
    let text = std::fs::read_to_string(trace).unwrap();
    Some(text.lines().map(str::to_string).collect())
}

#[test]
fn the_local_time_zone_is_read_without_listing_the_zoneinfo_folder() {
    if !Path::new("/etc/localtime").exists() {
        eprintln!("no /etc/localtime: the zone is jiff's to find; skipped");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let Some(opened) = opened(home.path(), &["stats"]) else {
        eprintln!("strace is not installed; skipped");
        return;
    };
    let zoneinfo: Vec<&String> = opened.iter().filter(|l| l.contains("zoneinfo")).collect();
    assert!(zoneinfo.len() <= 1, "{zoneinfo:#?}");
    assert!(
        opened.iter().any(|l| l.contains("\"/etc/localtime\"")),
        "{opened:#?}"
    );
}
