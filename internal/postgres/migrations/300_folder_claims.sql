-- Claims on the files of the watched folder, so that replicas reading one
-- folder take each file once (ingest.FolderClaims): a replica claims a file
-- before reading it and releases the claim once the file is moved. A claim
-- whose holder died expires, and another replica takes the file over.
CREATE TABLE folder_claims (
    name       TEXT NOT NULL PRIMARY KEY, -- file name in the watched folder
    holder     TEXT NOT NULL,             -- the replica: host, process, start
    expires_at TEXT NOT NULL              -- UTC text; past it the claim is void
);
