// The reference for kmbench tokens: npm jose's jwtVerify with a local JWKS (lookup by kid, then
// verify, and the claims checked), per algorithm, in verifications per second on this machine.
//   node bench/jose-verify.mjs SECONDS      (run from anywhere; jose comes from tests/node)
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'node', 'package.json'));
const jose = await import(require.resolve('jose'));
const seconds = Number(process.argv[2] || 3);
const algs = ['RS256', 'PS256', 'ES256', 'EdDSA'];

const keys = {};
const jwks = { keys: [] };
for (const alg of algs) {
    const { privateKey, publicKey } = await jose.generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
    const jwk = await jose.exportJWK(publicKey);
    Object.assign(jwk, { kid: `bench-${alg.toLowerCase()}`, alg, use: 'sig' });
    jwks.keys.push(jwk);
    keys[alg] = privateKey;
}
const keySet = jose.createLocalJWKSet(jwks);
const result = {};
for (const alg of algs) {
    const token = await new jose.SignJWT({ scp: 'read write admin', azp: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0' })
        .setProtectedHeader({ alg, typ: 'JWT', kid: `bench-${alg.toLowerCase()}` })
        .setIssuer('https://login.example/tenant/v2.0').setAudience('api://kmconsole-bench')
        .setSubject('8f1c3a52-1b0e-4f2a-9c3d-0a1b2c3d4e5f').setIssuedAt().setNotBefore('0s').setExpirationTime('1h')
        .sign(keys[alg]);
    for (let i = 0; i < 20; i++) // key import and JIT warm-up, not counted
        await jose.jwtVerify(token, keySet);
    let count = 0;
    const start = process.hrtime.bigint();
    const budget = BigInt(Math.round(seconds * 1e9));
    while (process.hrtime.bigint() - start < budget) {
        for (let i = 0; i < 20; i++)
            await jose.jwtVerify(token, keySet, { issuer: 'https://login.example/tenant/v2.0', audience: 'api://kmconsole-bench' });
        count += 20;
    }
    result[alg] = count / (Number(process.hrtime.bigint() - start) / 1e9);
}
console.log(JSON.stringify(result));
