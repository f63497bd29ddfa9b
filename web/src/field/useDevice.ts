/** GPS position (watchPosition), compass heading and the network state of the phone. */
import { useEffect, useState } from 'react';

export interface Fix { lon: number; lat: number; accuracyM: number | null }

export function usePosition(): Fix | null {
  const [fix, setFix] = useState<Fix | null>(null);
  useEffect(() => {
    if (!navigator.geolocation) return;
    const id = navigator.geolocation.watchPosition(
      (p) => setFix({ lon: p.coords.longitude, lat: p.coords.latitude, accuracyM: Number.isFinite(p.coords.accuracy) ? p.coords.accuracy : null }),
      () => undefined,
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, []);
  return fix;
}

export function useHeading(): number | null {
  const [deg, setDeg] = useState<number | null>(null);
  useEffect(() => {
    const on = (e: DeviceOrientationEvent) => {
      const compass = (e as DeviceOrientationEvent & { webkitCompassHeading?: number }).webkitCompassHeading;
      if (typeof compass === 'number') setDeg(compass);
      else if (e.absolute && e.alpha !== null) setDeg((360 - e.alpha) % 360);
    };
    window.addEventListener('deviceorientationabsolute', on as EventListener);
    window.addEventListener('deviceorientation', on);
    return () => {
      window.removeEventListener('deviceorientationabsolute', on as EventListener);
      window.removeEventListener('deviceorientation', on);
    };
  }, []);
  return deg;
}

export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}
