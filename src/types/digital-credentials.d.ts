/**
 * The Digital Credentials Consortium packages ship JavaScript without type declarations; these
 * cover the small part of their API the certificates area uses.
 */
declare module '@digitalcredentials/ed25519-multikey' {
  export interface Ed25519MultikeyKeyPair {
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    signer(): { algorithm: string; id: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
    verifier(): { algorithm: string; id: string; verify(input: { data: Uint8Array; signature: Uint8Array }): Promise<boolean> };
    export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<Record<string, unknown>>;
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519MultikeyKeyPair>;
  export function from(key: Record<string, unknown>): Promise<Ed25519MultikeyKeyPair>;
}

declare module '@digitalcredentials/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: { name: string; canonize: unknown; createVerifier: unknown; requiredAlgorithm: string };
}

declare module '@digitalcredentials/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string });
  }
}

declare module '@digitalcredentials/vc' {
  export interface VerifyResult {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: { verified: boolean; error?: Error & { errors?: Error[] } }[];
    statusResult?: { verified: boolean; error?: Error; results?: { verified: boolean; status?: boolean }[] };
  }
  export function issue(options: { credential: Record<string, unknown>; suite: unknown; documentLoader: unknown; now?: Date }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: unknown;
    suite: unknown;
    documentLoader: unknown;
    checkStatus?: (options: { credential: Record<string, unknown> }) => Promise<{ verified: boolean; error?: Error }>;
    now?: Date;
  }): Promise<VerifyResult>;
}

declare module '@digitalcredentials/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options: { length: number });
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
  export function createCredential(options: { id: string; list: BitstringStatusList; statusPurpose: string; context?: string[] }): Promise<Record<string, unknown>>;
  export function checkStatus(options: {
    credential: unknown;
    documentLoader: unknown;
    suite: unknown;
    verifyBitstringStatusListCredential?: boolean;
    verifyMatchingIssuers?: boolean;
  }): Promise<{ verified: boolean; error?: Error; results?: { verified: boolean; status?: boolean; credentialStatus?: unknown }[] }>;
}
