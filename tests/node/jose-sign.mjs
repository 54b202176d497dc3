// Signs JWTs with the independent JOSE implementation (npm jose), for checking kmconsole's verifier.
// Usage: node jose-sign.mjs '[{"alg":"ES256","kid":"k1","claims":{…},"header":{…}}, …]'
//   → prints [{"alg","kid","token","jwks"}, …]: one fresh key pair per entry, the JWKS holds its public key.
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

const specs = JSON.parse(process.argv[2] ?? '[]');
const out = [];
for (const spec of specs) {
  const options = { extractable: true };
  if (spec.crv) options.crv = spec.crv;
  const { publicKey, privateKey } = await generateKeyPair(spec.alg, options);
  const jwk = await exportJWK(publicKey);
  if (spec.kid) jwk.kid = spec.kid;
  jwk.use = 'sig';
  jwk.alg = spec.alg;
  const header = { alg: spec.alg, typ: 'JWT', ...(spec.kid ? { kid: spec.kid } : {}), ...(spec.header ?? {}) };
  const token = await new SignJWT(spec.claims ?? {}).setProtectedHeader(header).sign(privateKey);
  out.push({ alg: spec.alg, kid: spec.kid ?? null, token, jwks: { keys: [jwk] } });
}
process.stdout.write(JSON.stringify(out) + '\n');
