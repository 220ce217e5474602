import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

/** `GET /healthz` for load balancers; `/metrics` is on its own listener (MetricsServer). */
@ApiExcludeController()
@Controller()
export class MetricsController {
  /** Liveness: answers without touching the database or the thread pool. */
  @Get('healthz')
  @Header('Cache-Control', 'no-store')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
