// The operations gauge of overdue disclosure requests (`landbureau_overdue_cases{kind, agency}`),
// asked at each scrape of /applications/metrics, so alerts (infra/monitoring) can fire on a request
// left past its reply deadline — a breach of 条例 2019 第三十三条 the office must answer for.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { legalToday } from '#contracts/legal-time';
import { KernelMetrics } from '#event-sourcing/nest';
import { DisclosureRequestsService } from './disclosure-requests.service.js';

@Injectable()
export class OverdueRequestsMetrics implements OnModuleInit {
  constructor(
    @Inject(KernelMetrics) private readonly metrics: KernelMetrics,
    @Inject(DisclosureRequestsService) private readonly requests: DisclosureRequestsService,
  ) {}

  onModuleInit(): void {
    this.metrics.addCollector('overdue-requests', async () => ({
      overdueCases: await this.requests.overdueByAgency(legalToday(Date.now())),
    }));
  }
}
