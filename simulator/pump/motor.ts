// The delivery mechanism behind an interface, so the host's trap policy can stop it and a test
// can see that it did. Only the firmware's motorRate() starts it (PumpHost.followMotor).
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
