import { useTranslation } from 'react-i18next';
import { useDoctors, useOrganisation } from '../../app/reference';
import { secondaryButtonClass, SelectField } from '../../ui/Field';
import { ToggleGroup } from '../../ui/ToggleGroup';
import { stepped, type CalendarView } from './calendarView';
import { DoctorOptions, LocationOptions } from './SelectOptions';

/** What the calendar shows: day or week, which one, and whose appointments where. */
export interface CalendarChoice {
  view: CalendarView;
  /** The day view's columns: one per doctor, or one per location. */
  columns: 'doctor' | 'location';
  anchor: Date;
  doctorId: string;
  locationId: string;
}

/** The calendar's controls: day or week, earlier, today, later, doctor and location. */
export function CalendarToolbar({
  choice,
  today,
  onChange,
}: {
  choice: CalendarChoice;
  /** Today on the clinic's calendar. */
  today: Date;
  onChange: (change: Partial<CalendarChoice>) => void;
}) {
  const { t } = useTranslation('appointments');
  const organisation = useOrganisation();
  const doctors = useDoctors();
  const { view, anchor } = choice;
  const moves = [
    { label: t(`toolbar.previous.${view}`), anchor: () => stepped(view, anchor, -1) },
    { label: t('toolbar.today'), anchor: () => today },
    { label: t(`toolbar.next.${view}`), anchor: () => stepped(view, anchor, 1) },
  ];
  const filters = [
    {
      choice: 'doctorId',
      label: t('doctor'),
      name: 'calendar-doctor',
      all: t('toolbar.allDoctors'),
      options: <DoctorOptions doctors={doctors} />,
    },
    {
      choice: 'locationId',
      label: t('location'),
      name: 'calendar-location',
      all: t('toolbar.allLocations'),
      options: <LocationOptions locations={organisation?.locations ?? []} />,
    },
  ] as const;
  return (
    <div className="flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow">
      <ToggleGroup
        label={t('toolbar.view')}
        options={['day', 'week'] as const}
        value={view}
        onChange={(option) => onChange({ view: option })}
        words={(option) => t(`toolbar.${option}`)}
      />
      {view === 'day' && (organisation?.locations.length ?? 0) > 1 && (
        <ToggleGroup
          label={t('toolbar.columns')}
          options={['doctor', 'location'] as const}
          value={choice.columns}
          onChange={(option) => onChange({ columns: option })}
          words={(option) => t(`toolbar.by.${option}`)}
        />
      )}
      <div className="flex gap-1">
        {moves.map((move) => (
          <button
            key={move.label}
            type="button"
            className={secondaryButtonClass}
            onClick={() => onChange({ anchor: move.anchor() })}
          >
            {move.label}
          </button>
        ))}
      </div>
      {filters.map((filter) => (
        <SelectField
          key={filter.name}
          label={filter.label}
          name={filter.name}
          value={choice[filter.choice]}
          onChange={(event) => onChange({ [filter.choice]: event.target.value })}
        >
          <option value="">{filter.all}</option>
          {filter.options}
        </SelectField>
      ))}
    </div>
  );
}
