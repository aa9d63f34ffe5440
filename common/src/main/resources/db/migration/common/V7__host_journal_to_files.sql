-- The host's journal moved from the host_journal table to append-only segment files under
-- <data>/journal (host/journal/FileJournal): one fdatasync per group commit instead of SQL per entry,
-- the cost that kept the host far below its throughput target. The table was only ever the journal's
-- storage; nothing else reads it.
DROP TABLE host_journal;
