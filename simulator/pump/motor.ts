// The delivery mechanism behind an interface, so the host's trap policy can stop it and a test
// can see that it did. The workflow (later) starts it; nothing here starts it by itself.
export interface Motor {
  readonly rateUlPerHour: number;
  run(rateUlPerHour: number): void;
  stop(): void;
}

export class VirtualMotor implements Motor {
  rateUlPerHour = 0;
  stops = 0;

  run(rateUlPerHour: number): void {
    this.rateUlPerHour = rateUlPerHour;
  }

  stop(): void {
    this.rateUlPerHour = 0;
    this.stops++;
  }
}
