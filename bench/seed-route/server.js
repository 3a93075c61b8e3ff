// The seed's POST /api/device/data handler (vps-nextjs/api/device/data/route.js in the seed's guide), kept as
// written, served by Node's plain http module instead of Next.js, talking to Parse through the Parse JS SDK as the
// seed does. It is the benchmark's baseline (2): the same request as telemetry-ingest gets, through a middle tier
// on the same machine. Two changes let it run on pifleet's schema: the key is found by its SHA-256 (pifleet
// stores no clear keys), and the SensorLog row gets the owner-read ACL that every phase writes.
// Loopback only; the benchmark starts and stops it.

const crypto = require('crypto');
const http = require('http');
const Parse = require('parse/node');

Parse.initialize(process.env.PARSE_APP_ID, undefined, process.env.PARSE_MASTER_KEY);
Parse.serverURL = process.env.PARSE_SERVER_URL;

async function postDeviceData(authorization, body) {
  // 1. Extract API key
  const apiKey = (authorization || '').replace('Device ', '');

  // 2. Find device by API key
  const Device = Parse.Object.extend('Device');
  const query = new Parse.Query(Device);
  query.equalTo('apiKeyHash', crypto.createHash('sha256').update(apiKey).digest('hex'));
  const device = await query.first({ useMasterKey: true });
  if (!device) {
    return [401, { error: 'Invalid API key' }];
  }

  // 3. Save sensor data
  const { sensors, timestamp } = JSON.parse(body);
  const SensorLog = Parse.Object.extend('SensorLog');
  const log = new SensorLog();
  log.set('device', device);
  log.set('data', sensors);
  log.set('timestamp', new Date(timestamp));
  const acl = new Parse.ACL();
  acl.setReadAccess(device.get('owner').id, true);
  log.setACL(acl);
  await log.save(null, { useMasterKey: true });

  // 4. Update device status
  device.set('status', 'online');
  device.set('lastSeen', new Date());
  await device.save(null, { useMasterKey: true });

  return [200, { success: true }];
}

function answer(response, status, json) {
  const body = JSON.stringify(json);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health') {
    answer(response, 200, { status: 'ok' });
    return;
  }
  if (request.method !== 'POST' || request.url !== '/api/device/data') {
    answer(response, 404, { error: 'not found' });
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    postDeviceData(request.headers.authorization, Buffer.concat(chunks).toString('utf8'))
      .then(([status, json]) => answer(response, status, json))
      .catch((error) => answer(response, 500, { error: error.message }));
  });
});
server.keepAliveTimeout = 60000;
server.listen(Number(process.env.SEED_ROUTE_PORT || 3000), '127.0.0.1', () => {
  console.log(`seed route listening on port ${server.address().port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
