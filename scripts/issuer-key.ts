/**
 * `npm run issuer:key`: makes sure the credential signing key exists (creating it in data/keys/
 * with permissions 0600 on first start, unless ISSUER_KEY provides it) and prints the issuer id.
 * `npm start` runs it before serving, so the key exists from the first start on.
 */
import { issuerKeyFile, loadIssuerKey } from '../src/lib/certificates/issuer-key.ts';

try {
  const key = await loadIssuerKey();
  console.log(`Credential issuer: ${key.did} (key ${process.env.ISSUER_KEY ? 'from ISSUER_KEY' : `in ${issuerKeyFile()}`})`);
} catch (error) {
  console.error(`issuer:key: ${(error as Error).message}`);
  process.exit(1);
}
