// A certified OpenID provider (oidc-provider) on a random loopback port for the token-client tests.
// Prints one JSON line: {"issuer", "clientId", "clientSecret", "resource"}.
import http from 'node:http';
import Provider from 'oidc-provider';

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const resource = 'urn:kmconsole:test-api';
  const provider = new Provider(issuer, {
    clients: [{
      client_id: 'kmconsole-test',
      client_secret: 'test-secret-with-+/=-characters',
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    scopes: ['read', 'write'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: 'read write', audience: resource, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
      },
    },
  });
  server.on('request', provider.callback());
  process.stdout.write(JSON.stringify({ issuer, clientId: 'kmconsole-test', clientSecret: 'test-secret-with-+/=-characters', resource }) + '\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
