// The e2e-postgres project: every app under test gets a PostgreSQL database of its own.
process.env.TEST_DATABASE = 'postgres';
