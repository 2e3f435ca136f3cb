// A real OpenID provider (the oidc-provider package) for duka's auth integration tests.
// Listens on 127.0.0.1 only, on the port given (0: a free one), and prints
// "listening <issuer>" once it serves. Dev interactions accept any login: an account id
// starting with "staff-" gets the role "staff". The client is a native one (RFC 8252) so
// that a loopback redirect URI matches on any port: the staff console's
// (http://127.0.0.1:<duka's port>/console/) is known only once duka listens.
//
//   node server.mjs <port> <client_secret> <redirect_uri> [<tls_cert.pem> <tls_key.pem>]
//
// With a certificate and key it serves HTTPS, for the tests of certificate checks.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

import Provider from 'oidc-provider';

const [port = '0', clientSecret = 'test-client-secret', redirectUri = 'http://127.0.0.1/callback',
  certFile, keyFile] = process.argv.slice(2);

// Fresh signing keys for each run: RS256 and ES256.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

const server = certFile
  ? createHttpsServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) })
  : createHttpServer();
await new Promise((resolve) => server.listen(Number(port), '127.0.0.1', resolve));
const issuer = `${certFile ? 'https' : 'http'}://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'duka',
    client_secret: clientSecret,
    application_type: 'native',
    redirect_uris: [redirectUri, 'http://127.0.0.1/console/'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [{ ...rsa, kid: 'rsa-1', alg: 'RS256', use: 'sig' }, { ...ec, kid: 'ec-1', alg: 'ES256', use: 'sig' }] },
  enabledJWA: { idTokenSigningAlgValues: ['RS256', 'ES256'] },
  claims: { openid: ['sub'], profile: ['preferred_username', 'roles'], email: ['email'] },
  // Profile claims in the ID token itself, not only from the userinfo endpoint.
  conformIdTokenClaims: false,
  pkce: { required: () => false },
  features: {
    devInteractions: { enabled: true },
    // Access tokens for the resource "urn:duka:api" are JWTs with audience "duka-api".
    resourceIndicators: {
      enabled: true,
      defaultResource: () => 'urn:duka:api',
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'openid profile email',
        audience: 'duka-api',
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          preferred_username: id,
          email: `${id}@example.com`,
          roles: id.startsWith('staff-') ? ['staff'] : [],
        };
      },
    };
  },
  async extraTokenClaims(ctx, token) {
    if (token.kind !== 'AccessToken') return undefined;
    return { roles: token.accountId.startsWith('staff-') ? ['staff'] : [] };
  },
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));
server.on('request', provider.callback());
console.log(`listening ${issuer}`);
