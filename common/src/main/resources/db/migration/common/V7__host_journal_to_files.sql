-- The host's journal moved from the host_journal table to append-only segment files under
-- <data>/journal (host/journal/FileJournal): one fdatasync per group commit instead of SQL per entry.
-- The table is no longer written. A host that starts with an empty journal directory and rows here
-- copies them into the files first (LegacyJournalImport), so no history is lost on upgrade.
COMMENT ON TABLE host_journal IS 'frozen: the journal lives in <data>/journal since V7';
