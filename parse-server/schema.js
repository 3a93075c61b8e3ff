// The pifleet schema: every class, field, index and class-level permission.
// Parse applies it at start-up (idempotently); nothing is created by clients.

// Reads with a session token see only rows whose ACL grants that user read;
// every write goes through the backend services with the master key.
const OWNER_READS_ONLY = {
  find: { requiresAuthentication: true },
  get: { requiresAuthentication: true },
  count: { requiresAuthentication: true },
  create: {},
  update: {},
  delete: {},
  addField: {},
  protectedFields: {},
};

// Only the backend, with the master key, reads or writes these classes.
const MASTER_ONLY = {
  find: {},
  get: {},
  count: {},
  create: {},
  update: {},
  delete: {},
  addField: {},
  protectedFields: {},
};

// The smallest CLP under which sign-up, login, /users/me and logout work
// while anonymous find/get are refused (see docs/parse-server.md).
const USER_CLP = {
  find: {},
  count: {},
  get: { requiresAuthentication: true },
  create: { '*': true },
  update: {},
  delete: {},
  addField: {},
  protectedFields: {},
};

// Postgres index names are global: each is prefixed with its class.
const definitions = [
  {
    className: '_User',
    fields: {},
    classLevelPermissions: USER_CLP,
  },
  {
    className: 'Device',
    fields: {
      deviceId: { type: 'String', required: true },
      name: { type: 'String' },
      // The owner's labels, for fleet operations and GET /api/devices?tag= (libs/fleet FleetTags).
      tags: { type: 'Array' },
      owner: { type: 'Pointer', targetClass: '_User', required: true },
      apiKeyHash: { type: 'String' },
      status: { type: 'String' },
      lastSeen: { type: 'Date' },
      // Set on devices paired by the seed's deviceId-only flow: unique, so the first legacy claim wins.
      legacyDeviceId: { type: 'String' },
      // Set on devices paired by claim code: the Ed25519 public key of the agent that proved possession.
      agentKey: { type: 'String' },
      // The claim (one issued code) that bound this device to its owner: unique, so a code is redeemed once.
      claimId: { type: 'String' },
      // Set when the owner unpaired with purge: a background job deletes the readings, then the row.
      purgeRequestedAt: { type: 'Date' },
      // Counts the changes of the device's key (rotate, revoke, collect, purge); each change takes the next
      // generation as a OnceKey first, so of two concurrent changes one wins and the other is told so.
      keyGeneration: { type: 'Number' },
    },
    indexes: {
      Device_deviceId: { deviceId: 1 },
      Device_owner_lastSeen: { owner: 1, lastSeen: -1 },
      Device_status_lastSeen: { status: 1, lastSeen: 1 },
    },
    classLevelPermissions: OWNER_READS_ONLY,
  },
  {
    // One row per change of a device's key, and per deleted device (libs/device-store DeviceStore), kept a day: each
    // ingest replica reads the rows newer than its last look every second (KeyChangeWatch) and drops the cached keys
    // of older generations, so a rotated, revoked or deleted key stops working within about a second.
    className: 'DeviceKeyChange',
    fields: {
      device: { type: 'String', required: true },
      generation: { type: 'Number', required: true },
      changedAt: { type: 'Date', required: true },
      expiresAt: { type: 'Date', required: true },
    },
    indexes: {
      DeviceKeyChange_changedAt: { changedAt: 1 },
      DeviceKeyChange_expiresAt: { expiresAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // One row per agent key pair: its current claim code (hash only), when the code expires, and the signed
    // timestamp of the request that asked for it (replays are refused by OnceKey, below).
    className: 'AgentClaim',
    fields: {
      agentKey: { type: 'String', required: true },
      deviceId: { type: 'String', required: true },
      codeHash: { type: 'String' },
      claimId: { type: 'String' },
      expiresAt: { type: 'Date' },
      lastSignedAt: { type: 'Number', required: true },
    },
    indexes: {
      AgentClaim_expiresAt: { expiresAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // Things that may happen once: an agent's signed request ("agent-request:<publicKey>:<timestamp>"), the
    // redemption of one claim code ("redemption:<claimId>"), one generation of a device's key
    // ("device-key:<objectId>:<generation>"). key is unique: of concurrent attempts, the one whose create succeeds
    // wins. Rows are deleted once expiresAt has passed, when they can no longer matter.
    className: 'OnceKey',
    fields: {
      key: { type: 'String', required: true },
      expiresAt: { type: 'Date', required: true },
    },
    indexes: {
      OnceKey_expiresAt: { expiresAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    className: 'SensorLog',
    fields: {
      device: { type: 'Pointer', targetClass: 'Device', required: true },
      timestamp: { type: 'Date', required: true },
      data: { type: 'Object', required: true },
      readingId: { type: 'String' },
    },
    indexes: {
      // Exact cursor pagination: order by (timestamp, objectId) within one device.
      SensorLog_device_timestamp_objectId: { device: 1, timestamp: 1, objectId: 1 },
      // The rollup job reads the rows in the order Parse stored them.
      SensorLog_createdAt_objectId: { createdAt: 1, objectId: 1 },
    },
    classLevelPermissions: OWNER_READS_ONLY,
  },
  {
    // Per device and UTC hour and day: count, sum, min and max of each sensor's numeric values (an hour's row
    // also per minute of the hour), kept by the ingest's rollup job. key = "<device objectId>/<h|d>/<bucket epoch s>".
    className: 'SensorRollup',
    fields: {
      key: { type: 'String', required: true },
      device: { type: 'Pointer', targetClass: 'Device', required: true },
      resolution: { type: 'String', required: true },
      bucket: { type: 'Date', required: true },
      sensors: { type: 'Object', required: true },
      // Hour rows: { "<minute of the hour>": { <sensor>: { n, sum, min, max } } }.
      minutes: { type: 'Object' },
      // The number of the last rollup chunk applied: re-applying it after a crash is a no-op.
      seq: { type: 'Number', required: true },
    },
    indexes: {
      SensorRollup_device_resolution_bucket: { device: 1, resolution: 1, bucket: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // Where a background job got to (the rollup job's cursor and chunk number); one row per job.
    className: 'JobState',
    fields: {
      job: { type: 'String', required: true },
      doneAt: { type: 'Date' },
      doneId: { type: 'String' },
      coveredUntil: { type: 'Date' },
      seq: { type: 'Number', required: true },
      pendingSeq: { type: 'Number' },
      pendingUpTo: { type: 'Date' },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // One row per rollup chunk: its window of createdAt (from, to] and how many readings it held when applied.
    // The rollup job counts the window again later (checkAt); a count that grew means a reading became visible
    // only after the job had passed it, and the hours it touched are rebuilt from the raw readings.
    className: 'RollupAudit',
    fields: {
      seq: { type: 'Number', required: true },
      fromAt: { type: 'Date', required: true },
      toAt: { type: 'Date', required: true },
      count: { type: 'Number', required: true },
      checkAt: { type: 'Date', required: true },
    },
    indexes: {
      RollupAudit_checkAt: { checkAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // One row per job and time slot: the replica whose create wins runs the job in that slot.
    className: 'JobLease',
    fields: {
      job: { type: 'String', required: true },
      slot: { type: 'Number', required: true },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // A user's alert rule on one device. Master key only: it holds the webhook secret; users reach rules
    // through the alerting service.
    className: 'AlertRule',
    fields: {
      owner: { type: 'Pointer', targetClass: '_User', required: true },
      device: { type: 'Pointer', targetClass: 'Device', required: true },
      deviceId: { type: 'String', required: true },
      kind: { type: 'String', required: true },
      sensor: { type: 'String' },
      threshold: { type: 'Number' },
      deadband: { type: 'Number' },
      forSeconds: { type: 'Number', required: true },
      email: { type: 'Boolean', required: true },
      webhookUrl: { type: 'String' },
      webhookSecret: { type: 'String' },
      repeatMinutes: { type: 'Number' },
      // Set at creation and deletion: each ingest replica reads only the rules changed since its last pass.
      changedAt: { type: 'Date' },
      // A deleted rule stays a while as a tombstone (no reader sees it), so those passes see it go.
      deletedAt: { type: 'Date' },
    },
    indexes: {
      AlertRule_owner: { owner: 1 },
      AlertRule_kind: { kind: 1 },
      AlertRule_changedAt: { changedAt: 1 },
      AlertRule_deletedAt: { deletedAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // One episode of a rule. openKey holds the rule's id while open (unique: one open alert per rule).
    className: 'Alert',
    fields: {
      rule: { type: 'Pointer', targetClass: 'AlertRule', required: true },
      owner: { type: 'Pointer', targetClass: '_User', required: true },
      device: { type: 'Pointer', targetClass: 'Device', required: true },
      deviceId: { type: 'String', required: true },
      kind: { type: 'String', required: true },
      sensor: { type: 'String' },
      threshold: { type: 'Number' },
      state: { type: 'String', required: true },
      openedAt: { type: 'Date', required: true },
      resolvedAt: { type: 'Date' },
      value: { type: 'Number' },
      resolvedValue: { type: 'Number' },
      openKey: { type: 'String' },
      episode: { type: 'String', required: true },
      // Set on every write: each ingest replica reads only the alerts opened or closed since its last pass.
      changedAt: { type: 'Date' },
    },
    indexes: {
      Alert_owner_openedAt: { owner: 1, openedAt: -1 },
      Alert_changedAt: { changedAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // One notification of one transition on one channel; key = episode:event[:reminder]:channel (unique).
    className: 'AlertDelivery',
    fields: {
      key: { type: 'String', required: true },
      episode: { type: 'String', required: true },
      rule: { type: 'Pointer', targetClass: 'AlertRule', required: true },
      owner: { type: 'Pointer', targetClass: '_User', required: true },
      event: { type: 'String', required: true },
      reminder: { type: 'Number' },
      channel: { type: 'String', required: true },
      status: { type: 'String', required: true },
      attempts: { type: 'Number' },
      nextAttemptAt: { type: 'Date' },
      lastError: { type: 'String' },
      sentAt: { type: 'Date' },
    },
    indexes: {
      AlertDelivery_status_nextAttemptAt: { status: 1, nextAttemptAt: 1 },
      AlertDelivery_episode: { episode: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // One send attempt of a delivery; key = delivery:attempt (unique), so one worker sends each attempt.
    className: 'AlertAttempt',
    fields: {
      key: { type: 'String', required: true },
      delivery: { type: 'Pointer', targetClass: 'AlertDelivery', required: true },
      startedAt: { type: 'Date' },
    },
    classLevelPermissions: MASTER_ONLY,
  },
];

// Unique constraints Parse cannot declare in a schema; created through the
// storage adapter before the server accepts a request.
// A deviceId alone is no longer unique: an agent that reports another Pi's deviceId with its own key
// pair is a different device (docs/security.md, "Pairing by claim code").
const uniqueIndexes = [
  { className: 'Device', fields: ['owner', 'deviceId'] },
  { className: 'Device', fields: ['legacyDeviceId'] },
  { className: 'Device', fields: ['agentKey'] },
  { className: 'Device', fields: ['claimId'] },
  { className: 'Device', fields: ['apiKeyHash'] },
  { className: 'AgentClaim', fields: ['agentKey'] },
  { className: 'AgentClaim', fields: ['codeHash'] },
  { className: 'OnceKey', fields: ['key'] },
  { className: 'SensorLog', fields: ['device', 'readingId'] },
  { className: 'SensorRollup', fields: ['key'] },
  { className: 'JobState', fields: ['job'] },
  { className: 'JobLease', fields: ['job', 'slot'] },
  { className: 'RollupAudit', fields: ['seq'] },
  // The arbiters of alert transitions (docs/alerts.md, "Exactly once"): NULLs do not collide, so a resolved
  // alert (openKey unset) frees the rule for its next episode.
  { className: 'Alert', fields: ['openKey'] },
  { className: 'Alert', fields: ['episode'] },
  { className: 'AlertDelivery', fields: ['key'] },
  { className: 'AlertAttempt', fields: ['key'] },
];

// Unique indexes of earlier versions, dropped at start-up.
const retiredUniqueIndexes = ['Device_unique_deviceId'];

// Idempotent data migrations, run at start-up before the unique indexes are made true.
const migrations = [
  // Devices paired before claim codes existed were all paired by deviceId.
  'UPDATE "Device" SET "legacyDeviceId" = "deviceId" WHERE "agentKey" IS NULL AND "legacyDeviceId" IS NULL',
];

// Fleet control (libs/fleet, docs/fleet.md): desired configuration, commands and their transitions.
definitions.push(
  {
    // One row per device (unique device): the desired document (version bumped by an atomic Increment in the
    // update that sets the changed settings), what the agent reported about it, and its last heartbeat report.
    className: 'DeviceConfig',
    fields: {
      device: { type: 'Pointer', targetClass: 'Device', required: true },
      deviceId: { type: 'String', required: true },
      owner: { type: 'Pointer', targetClass: '_User', required: true },
      version: { type: 'Number', required: true },
      readingIntervalSeconds: { type: 'Number' },
      heartbeatIntervalSeconds: { type: 'Number' },
      sensors: { type: 'Array' },
      uploadBatchSize: { type: 'Number' },
      // When the desired document last changed: what each ingest replica looks for every second.
      changedAt: { type: 'Date' },
      reportedVersion: { type: 'Number' },
      reportedAppliedAt: { type: 'Date' },
      reportedError: { type: 'String' },
      agentVersion: { type: 'String' },
      os: { type: 'String' },
      kernel: { type: 'String' },
      uptimeSeconds: { type: 'Number' },
      backlog: { type: 'Number' },
      oldestBufferedAgeSeconds: { type: 'Number' },
      freeDiskBytes: { type: 'Number' },
      reportedAt: { type: 'Date' },
      // The agent release a rollout offers (docs/ota.md): {rolloutId, version, url, sha256, size, signature,
      // allowDowngrade}; part of the desired document, so it travels with it to the Pi.
      offer: { type: 'Object' },
      // The agent's progress on it, from the heartbeat: {rolloutId, version, state, reason}.
      updateReport: { type: 'Object' },
    },
    indexes: {
      DeviceConfig_owner: { owner: 1 },
      DeviceConfig_changedAt: { changedAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // A command to one device. state: queued|sent (written on leaving the queue); outcome: succeeded|failed|expired.
    className: 'FleetCommand',
    fields: {
      device: { type: 'Pointer', targetClass: 'Device', required: true },
      deviceId: { type: 'String', required: true },
      owner: { type: 'Pointer', targetClass: '_User', required: true },
      name: { type: 'String', required: true },
      args: { type: 'Object' },
      state: { type: 'String', required: true },
      outcome: { type: 'String' },
      result: { type: 'Object' },
      error: { type: 'String' },
      expiresAt: { type: 'Date', required: true },
      sentAt: { type: 'Date' },
      finishedAt: { type: 'Date' },
    },
    indexes: {
      FleetCommand_device_createdAt_objectId: { device: 1, createdAt: -1, objectId: -1 },
      FleetCommand_device_state_expiresAt: { device: 1, state: 1, expiresAt: 1 },
      FleetCommand_createdAt: { createdAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // One state change of a command; key = <commandId>|left-queue or <commandId>|finished (unique): the create that
    // wins decides the change, and holds what the command row gets.
    className: 'FleetTransition',
    fields: {
      key: { type: 'String', required: true },
      command: { type: 'Pointer', targetClass: 'FleetCommand', required: true },
      to: { type: 'String', required: true },
      at: { type: 'Date', required: true },
      result: { type: 'Object' },
      error: { type: 'String' },
    },
    classLevelPermissions: MASTER_ONLY,
  },
);
uniqueIndexes.push(
  { className: 'DeviceConfig', fields: ['device'] },
  { className: 'FleetTransition', fields: ['key'] },
);

// Accounts (services/auth-gateway, docs/security.md): personal API tokens.
definitions.push(
  {
    // A personal API token (pft_…): only its SHA-256 hash is stored. slot is unique per owner, which bounds the
    // tokens an account holds without a transaction (of two creates racing for a slot, one fails).
    className: 'ApiToken',
    fields: {
      owner: { type: 'Pointer', targetClass: '_User', required: true },
      name: { type: 'String', required: true },
      scopes: { type: 'Array', required: true },
      tokenHash: { type: 'String', required: true },
      slot: { type: 'Number', required: true },
      expiresAt: { type: 'Date', required: true },
      lastUsedAt: { type: 'Date' },
    },
    classLevelPermissions: MASTER_ONLY,
  },
);
definitions.push(
  {
    // A single-use link mailed to an account (purpose: password-reset | verify-email): only the secret's hash.
    className: 'AccountLink',
    fields: {
      user: { type: 'Pointer', targetClass: '_User', required: true },
      purpose: { type: 'String', required: true },
      email: { type: 'String', required: true },
      tokenHash: { type: 'String', required: true },
      expiresAt: { type: 'Date', required: true },
    },
    indexes: {
      AccountLink_user: { user: 1 },
      AccountLink_expiresAt: { expiresAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // One use of a link (key = its hash, unique): of concurrent uses, the one whose create succeeds wins.
    className: 'AccountLinkUse',
    fields: {
      key: { type: 'String', required: true },
      expiresAt: { type: 'Date', required: true },
    },
    indexes: {
      AccountLinkUse_expiresAt: { expiresAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
);
uniqueIndexes.push(
  { className: 'AccountLink', fields: ['tokenHash'] },
  { className: 'AccountLinkUse', fields: ['key'] },
  { className: 'ApiToken', fields: ['tokenHash'] },
  { className: 'ApiToken', fields: ['owner', 'slot'] },
);

// Sharing a device (libs/device-store DeviceShares, docs/security.md "Sharing a device").
definitions.push(
  {
    // A device shared by its owner with whoever holds, or later creates, the account with this (normalised)
    // email, as viewer or operator. (device, email) is unique: the same share twice is one row.
    className: 'DeviceShare',
    fields: {
      device: { type: 'Pointer', targetClass: 'Device', required: true },
      deviceId: { type: 'String', required: true },
      owner: { type: 'Pointer', targetClass: '_User', required: true },
      email: { type: 'String', required: true },
      role: { type: 'String', required: true },
    },
    indexes: {
      DeviceShare_email_deviceId: { email: 1, deviceId: 1 },
      DeviceShare_owner: { owner: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
);
definitions.push(
  {
    // An account whose owner asked for its deletion (libs/device-store AccountDeletions): written by the auth-gateway
    // before it deletes anything, worked off and deleted by the registry's purge job. userId is unique.
    className: 'AccountDeletion',
    fields: {
      userId: { type: 'String', required: true },
      email: { type: 'String', required: true },
      requestedAt: { type: 'Date', required: true },
    },
    classLevelPermissions: MASTER_ONLY,
  },
);
uniqueIndexes.push(
  { className: 'DeviceShare', fields: ['device', 'email'] },
  { className: 'AccountDeletion', fields: ['userId'] },
);

// Agent updates (docs/ota.md): signed releases, owned by the registry's ReleaseStore.
definitions.push(
  {
    // One published agent package: where it lives, its SHA-256 and size, and the Ed25519 signature over
    // pifleet-release-v1|<version>|<sha256> by a trusted release key (keyId). version is unique: a release is
    // published once and never replaced, so what a Pi was offered is what the row says.
    className: 'Release',
    fields: {
      version: { type: 'String', required: true },
      sha256: { type: 'String', required: true },
      size: { type: 'Number', required: true },
      url: { type: 'String', required: true },
      signature: { type: 'String', required: true },
      keyId: { type: 'String', required: true },
      notes: { type: 'String' },
      publishedAt: { type: 'Date', required: true },
    },
    indexes: {
      Release_publishedAt: { publishedAt: -1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
);
definitions.push(
  {
    // An owner's staged rollout of one release: the release's url/sha256/size/signature as offered, the waves
    // (cumulative percents, as strings), maxFailures, state (running | paused | cancelled | completed) and why,
    // the last wave started, the failures accepted on resume, and devices: {<Device objectId>: {deviceId, wave}}.
    className: 'Rollout',
    fields: {
      owner: { type: 'Pointer', targetClass: '_User', required: true },
      version: { type: 'String', required: true },
      url: { type: 'String', required: true },
      sha256: { type: 'String', required: true },
      size: { type: 'Number', required: true },
      signature: { type: 'String', required: true },
      allowDowngrade: { type: 'Boolean', required: true },
      waves: { type: 'Array', required: true },
      maxFailures: { type: 'Number', required: true },
      state: { type: 'String', required: true },
      reason: { type: 'String' },
      wave: { type: 'Number', required: true },
      acceptedFailures: { type: 'Number', required: true },
      devices: { type: 'Object', required: true },
    },
    indexes: {
      Rollout_owner_createdAt: { owner: 1, createdAt: -1 },
      Rollout_state_createdAt: { state: 1, createdAt: 1 },
    },
    classLevelPermissions: MASTER_ONLY,
  },
  {
    // One automatic step of a rollout; key = <rolloutId>|start-<wave>, |pause-<wave>-<accepted>, |complete or
    // |cancel (unique): of concurrent callers on any replica, the one whose create succeeds takes the step.
    className: 'RolloutStep',
    fields: {
      key: { type: 'String', required: true },
      at: { type: 'Date', required: true },
    },
    classLevelPermissions: MASTER_ONLY,
  },
);
uniqueIndexes.push(
  { className: 'Release', fields: ['version'] },
  { className: 'RolloutStep', fields: ['key'] },
);

module.exports = { definitions, uniqueIndexes, retiredUniqueIndexes, migrations };
