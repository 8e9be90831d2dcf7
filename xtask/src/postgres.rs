//! A throwaway PostgreSQL cluster for the API tests: `initdb` into a temp
//! folder, `pg_ctl start` on a free port, removed when dropped. PostgreSQL
//! refuses to run as root, so as root it runs as the `postgres` user.

use std::path::PathBuf;
use std::process::Command;

use crate::Result;

pub struct Cluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

/// The newest installed server's bin folder (`/usr/lib/postgresql/15/bin`).
fn server_bin() -> Result<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|e| format!("no PostgreSQL server installed (/usr/lib/postgresql: {e})"))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, b)| b)
        .ok_or_else(|| "no initdb under /usr/lib/postgresql".into())
}

impl Cluster {
    pub fn start() -> Result<Cluster> {
        let bin = server_bin()?;
        let as_postgres = crate::tools::is_root();
        let dir = std::env::temp_dir().join(format!("akun-pg-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let port = free_port()?;
        let cluster = Cluster {
            dir,
            bin,
            port,
            as_postgres,
        };
        if as_postgres {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&cluster.dir)
                .status();
            if !status.map(|s| s.success()).unwrap_or(false) {
                return Err("could not give the temp folder to the postgres user".into());
            }
        }
        let data = cluster.dir.join("data");
        cluster.pg(&format!(
            "{} -D {} -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8",
            cluster.bin.join("initdb").display(),
            data.display()
        ))?;
        // fsync off: this cluster lives for one test run.
        cluster.pg(&format!(
            "{} -D {} -l {} -w -t 60 -o \"-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400\" start",
            cluster.bin.join("pg_ctl").display(),
            data.display(),
            cluster.dir.join("log").display(),
            port,
            cluster.dir.display()
        ))?;
        eprintln!("PostgreSQL test cluster on port {port}");
        Ok(cluster)
    }

    fn pg(&self, script: &str) -> Result {
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("su");
            c.args(["postgres", "-s", "/bin/sh", "-c", script]);
            c
        } else {
            let mut c = Command::new("sh");
            c.args(["-c", script]);
            c
        };
        let out = cmd
            .current_dir(&self.dir)
            .output()
            .map_err(|e| e.to_string())?;
        if out.status.success() {
            Ok(())
        } else {
            let log = std::fs::read_to_string(self.dir.join("log")).unwrap_or_default();
            Err(format!(
                "`{script}` failed: {}{}\n{log}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.pg(&format!(
            "{} -D {} -m immediate stop",
            self.bin.join("pg_ctl").display(),
            self.dir.join("data").display()
        ));
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
