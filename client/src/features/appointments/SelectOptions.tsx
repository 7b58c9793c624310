import type { StaffRow } from '../../engine/db';

/** The doctors as a select's options, by name. */
export function DoctorOptions({ doctors }: { doctors: StaffRow[] }) {
  return doctors.map((doctor) => (
    <option key={doctor.user_id} value={doctor.user_id}>
      {doctor.full_name}
    </option>
  ));
}

/** The organisation's locations as a select's options. */
export function LocationOptions({
  locations,
}: {
  locations: { location_id: string; name: string }[];
}) {
  return locations.map((location) => (
    <option key={location.location_id} value={location.location_id}>
      {location.name}
    </option>
  ));
}
