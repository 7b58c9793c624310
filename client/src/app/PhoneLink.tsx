import { usePhoneText } from './reference';

/** A recorded number as the clinic dials it, which a tablet or phone can call. */
export function PhoneLink({ phone }: { phone: string }) {
  const phoneText = usePhoneText();
  return (
    <a href={`tel:${phone.replace(/[^+\d]/g, '')}`} className="underline">
      {phoneText(phone)}
    </a>
  );
}
