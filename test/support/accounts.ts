/** Accounts the global setup creates for every server test: admin@, tutor@ and moderator@test.example. */
export const TEST_PASSWORD = 'test-password-123';
export const TEST_ACCOUNTS = { admin: 'admin@test.example', tutor: 'tutor@test.example', moderator: 'moderator@test.example' } as const;
