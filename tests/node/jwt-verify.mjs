// Verifies a JWT with the independent JOSE implementation (npm jose) against a JWKS URL.
// Usage: node jwt-verify.mjs JWKS_URL TOKEN  → prints {"header","payload"} or exits 1 with the reason.
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [jwksUrl, token] = process.argv.slice(2);
try {
  const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(jwksUrl)));
  process.stdout.write(JSON.stringify({ header: protectedHeader, payload }) + '\n');
} catch (e) {
  process.stderr.write(`${e.code ?? 'error'}: ${e.message}\n`);
  process.exit(1);
}
