// Runs one S3 test server until killed: node --openssl-legacy-provider start_server.js PACKAGE PORT DIRECTORY BUCKET...
'use strict';

const [packageName, port, directory, ...buckets] = process.argv.slice(2);
if (!packageName || !port || !directory) {
  console.error('usage: start_server.js PACKAGE PORT DIRECTORY BUCKET...');
  process.exit(2);
}
const S3rver = require(packageName);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  // Virtual-host requests then go to <bucket>.s3.localhost:<port> (curl resolves *.localhost to loopback).
  serviceEndpoint: 'localhost',
  configureBuckets: buckets.map((name) => ({ name })),
});
server.run().then(
  (address) => console.log(`${packageName} listening on ${address.address}:${address.port}`),
  (error) => {
    console.error(`${packageName} did not start: ${error.message}`);
    process.exit(1);
  },
);
