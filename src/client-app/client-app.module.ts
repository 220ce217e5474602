import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { ClientApp } from './client-app.entity';
import { ClientAppController } from './client-app.controller';
import { ClientAppService } from './client-app.service';
import { ClientAppsService } from './client-apps.service';

/** The ClientApp dialect (client-app.md): sign-up through registered client apps. */
@Module({
  imports: [AccountsModule, TypeOrmModule.forFeature([ClientApp])],
  controllers: [ClientAppController],
  providers: [ClientAppService, ClientAppsService],
  exports: [ClientAppsService],
})
export class ClientAppModule {}
