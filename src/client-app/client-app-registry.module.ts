import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClientApp } from './client-app.entity';
import { ClientAppRegistry } from './client-app.registry';

/**
 * The registry of client apps and its entity, without routes: imported by the ClientApp
 * dialect and by the operator CLI.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ClientApp])],
  providers: [ClientAppRegistry],
  exports: [ClientAppRegistry],
})
export class ClientAppRegistryModule {}
