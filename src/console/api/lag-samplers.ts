import type { KafkaClient } from '../../kafka/client.js';
import { describeGroup } from '../../kafka/groups/lag.js';

export interface LagSample {
  at: string;
  totalLag: number;
}

const KEEP = 720;

/**
 * A lag curve per group, sampled by the server while a group page is open: each read of the curve
 * keeps its sampler alive; one not read for `idleMs` stops, so closed pages cost nothing.
 */
export class LagSamplers {
  private readonly samplers = new Map<string, { samples: LagSample[]; timer: NodeJS.Timeout; lastRead: number }>();

  constructor(private readonly client: () => Promise<KafkaClient>, private readonly everyMs = 5000, private readonly idleMs = 30_000) {}

  async curve(group: string): Promise<LagSample[]> {
    let sampler = this.samplers.get(group);
    if (!sampler) {
      const samples: LagSample[] = [];
      const timer = setInterval(() => void this.sample(group), this.everyMs);
      timer.unref();
      sampler = { samples, timer, lastRead: Date.now() };
      this.samplers.set(group, sampler);
      await this.sample(group);
    }
    sampler.lastRead = Date.now();
    return sampler.samples;
  }

  private async sample(group: string): Promise<void> {
    const sampler = this.samplers.get(group);
    if (!sampler) return;
    if (Date.now() - sampler.lastRead > this.idleMs) return this.stop(group);
    try {
      const details = await describeGroup(await this.client(), group);
      sampler.samples.push({ at: new Date().toISOString(), totalLag: details.totalLag });
      if (sampler.samples.length > KEEP) sampler.samples.shift();
    } catch {
      // A sample the cluster could not give is a gap in the curve, not an error on the page.
    }
  }

  private stop(group: string): void {
    const sampler = this.samplers.get(group);
    if (sampler) clearInterval(sampler.timer);
    this.samplers.delete(group);
  }

  close(): void {
    for (const group of [...this.samplers.keys()]) this.stop(group);
  }
}
