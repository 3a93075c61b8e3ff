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
      owner: { type: 'Pointer', targetClass: '_User', required: true },
      apiKeyHash: { type: 'String' },
      status: { type: 'String' },
      lastSeen: { type: 'Date' },
    },
    indexes: {
      Device_owner_lastSeen: { owner: 1, lastSeen: -1 },
      Device_status_lastSeen: { status: 1, lastSeen: 1 },
    },
    classLevelPermissions: OWNER_READS_ONLY,
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
    },
    classLevelPermissions: OWNER_READS_ONLY,
  },
];

// Unique constraints Parse cannot declare in a schema; created through the
// storage adapter before the server accepts a request.
const uniqueIndexes = [
  { className: 'Device', fields: ['deviceId'] },
  { className: 'Device', fields: ['apiKeyHash'] },
  { className: 'SensorLog', fields: ['device', 'readingId'] },
];

module.exports = { definitions, uniqueIndexes };
