// pifleet's Parse Server: settings from the environment, the schema made
// true at start-up, unique indexes created before the first request.

// Parse builds its default logger when it is first required, from the environment:
// no log files (logs go to stdout), and never verbose, which would print the master key.
process.env.PARSE_SERVER_LOGS_FOLDER = 'null';
delete process.env.VERBOSE;

const crypto = require('crypto');
const express = require('express');
const { ParseServer } = require('parse-server');
const { definitions, uniqueIndexes, retiredUniqueIndexes, migrations } = require('./schema');

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`pifleet parse-server: environment variable ${name} is required`);
    process.exit(2);
  }
  return value;
}

function list(value) {
  return value.split(',').map((entry) => entry.trim()).filter(Boolean);
}

const port = Number(process.env.PARSE_PORT || 1337);
const mountPath = process.env.PARSE_MOUNT_PATH || '/parse';
const config = {
  appId: required('PARSE_APP_ID'),
  masterKey: required('PARSE_MASTER_KEY'),
  // Not used by pifleet; a random one keeps it unguessable when none is set.
  maintenanceKey: process.env.PARSE_MAINTENANCE_KEY || crypto.randomBytes(32).toString('hex'),
  databaseURI: required('DATABASE_URI'),
  serverURL: process.env.PARSE_SERVER_URL || `http://127.0.0.1:${port}${mountPath}`,
  masterKeyIps: list(process.env.PARSE_MASTER_KEY_IPS || '127.0.0.1,::1'),
  // Verbose logs print the master key and session tokens: never above info.
  logLevel: process.env.PARSE_LOG_LEVEL === 'warn' ? 'warn' : 'info',
  verbose: false,
  logsFolder: null,
  allowClientClassCreation: false,
  enforcePrivateUsers: true,
  // The Java side reads this as ParseQuery.MAX_LIMIT (libs/parse-client), held equal by ParseQueryTest.
  maxLimit: 1000,
  // Sessions end this long after login (Parse's default is a year); seconds, 30 days unless set.
  sessionLength: Number(process.env.PARSE_SESSION_LENGTH || 30 * 24 * 3600),
  expireInactiveSessions: true,
  schema: {
    definitions,
    lockSchemas: true,
    strict: true,
    deleteExtraFields: false,
    recreateModifiedFields: false,
  },
};

async function ensureUniqueIndexes(server) {
  const database = server.config.databaseController;
  for (const name of retiredUniqueIndexes) {
    await database.adapter._client.none('DROP INDEX IF EXISTS $1:name', [name]);
  }
  for (const statement of migrations) {
    await database.adapter._client.none(statement);
  }
  const schemaController = await database.loadSchema();
  for (const { className, fields } of uniqueIndexes) {
    const schema = await schemaController.getOneSchema(className);
    // ensureUniqueness sorts its argument in place: hand it a copy.
    await database.adapter.ensureUniqueness(className, schema, [...fields]);
  }
}

async function main() {
  const server = new ParseServer(config);
  await server.start();
  await ensureUniqueIndexes(server);
  const app = express();
  app.use(mountPath, server.app);
  const httpServer = app.listen(port, process.env.PARSE_BIND || '127.0.0.1', () => {
    console.log(`pifleet parse-server listening on port ${port}${mountPath}`);
  });
  const stop = () => httpServer.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(`pifleet parse-server failed to start: ${error.message}`);
  process.exit(1);
});
