//! CronJob schedules with robfig/cron v3.0.1 semantics (placeholder until the port lands).
