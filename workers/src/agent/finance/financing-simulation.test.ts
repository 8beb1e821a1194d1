import { describe, expect, it } from 'vitest';
import { DEFAULT_PRODUCT_RULES } from '@leadwire/agent-config';
import { monthlyRateOf, priceInstallment, sacInstallment, simulateFinancing } from './financing-simulation.ts';

describe('financing simulation', () => {
  it('turns an annual rate into the equivalent monthly one', () => {
    // (1 + 0.115)^(1/12) - 1: twelve months of it compound back to 11.5%.
    expect(monthlyRateOf(0.115)).toBeCloseTo(0.00911247, 8);
    expect((1 + monthlyRateOf(0.21)) ** 12 - 1).toBeCloseTo(0.21, 12);
  });

  it('matches a hand computation for a property: R$ 450.000 with R$ 90.000 down over 360 months at 11.5%', () => {
    // financed = 360 000; i = 0.0091124684; (1+i)^360 = 1.115^30 = 26.1966659
    // Price = 360 000 · i / (1 - 1/26.1966659) = 3 280.4886 / 0.9618273 = 3 410.68
    // SAC first = 360 000/360 + 360 000 · i = 1 000 + 3 280.49 = 4 280.49; SAC last = 1 000 + 1 000 · i = 1 009.11
    const sim = simulateFinancing('REAL_ESTATE', 450_000, 90_000, DEFAULT_PRODUCT_RULES.REAL_ESTATE);
    expect(sim).toMatchObject({ financed: 360_000, termMonths: 360, annualRate: 0.115, priceInstallment: 3410.68, sacFirstInstallment: 4280.49, sacLastInstallment: 1009.11 });
  });

  it('matches a hand computation for a vehicle: R$ 50.000 financed over 60 months at 21%', () => {
    // i = 1.21^(1/12) - 1 = 0.0160118678; (1+i)^60 = 1.21^5 = 2.5937425
    // Price = 800.5934 / (1 - 1/2.5937425) = 1 302.93; SAC first = 833.33 + 800.59 = 1 633.93
    const sim = simulateFinancing('VEHICLE', 60_000, 10_000, DEFAULT_PRODUCT_RULES.VEHICLE);
    expect(sim.priceInstallment).toBe(1302.93);
    expect(sim.sacFirstInstallment).toBe(1633.93);
  });

  it('has SAC installments fall by financed/n · i each month, and Price pay the loan off', () => {
    const i = monthlyRateOf(0.115);
    const drop = (360_000 / 360) * i;
    expect(sacInstallment(360_000, i, 360, 1) - sacInstallment(360_000, i, 360, 2)).toBeCloseTo(drop, 9);
    let balance = 360_000;
    const pmt = priceInstallment(360_000, i, 360);
    for (let k = 0; k < 360; k++) balance = balance * (1 + i) - pmt;
    expect(balance).toBeCloseTo(0, 4);
  });

  it('divides evenly when there is no interest', () => {
    expect(priceInstallment(12_000, 0, 12)).toBe(1000);
  });
});
