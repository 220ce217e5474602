import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from './src/config/env.validation';
import { buildDataSourceOptions } from './src/database/database.options';

/**
 * The TypeORM CLI data source (e.g. `npx typeorm migration:show -d dist/ormconfig.js`),
 * built from the same options function and environment as the app.
 */
export default new DataSource(buildDataSourceOptions(validateEnvironment(process.env)));
