import 'reflect-metadata';
import { join } from 'node:path';
import { validateEnvironment } from './src/config/env.validation';
import { AppDataSource } from './src/database/app-data-source';
import { buildDataSourceOptions } from './src/database/database.options';

/**
 * The TypeORM CLI data source (e.g. `npx typeorm migration:show -d dist/ormconfig.js`),
 * built from the same options function and environment as the app. The app registers
 * entities per feature module; here they are found by file name, so no list exists to drift.
 */
export default new AppDataSource({
  ...buildDataSourceOptions(validateEnvironment(process.env)),
  entities: [join(__dirname, 'src/**/*.{entity,entities}.{ts,js}')],
});
