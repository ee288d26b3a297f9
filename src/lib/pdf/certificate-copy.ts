/**
 * The fixed wording of the certificate PDF in English, German and Swedish. A certificate is
 * worded in the language of its course, not the reader's interface language, because it
 * documents what was learned in that language. German and Swedish must have every key English
 * has (the type enforces it); `{name}` placeholders are filled by `fillCertificateCopy()`.
 */
import type { Language } from '../courses/schema.ts';

const en = {
  title: 'Certificate of completion',
  certifies: 'This certifies that',
  completed: 'has successfully completed the course',
  completedOn: 'Completed on',
  hours: 'Hours of study',
  finalAssessment: 'Final assessment',
  finalAssessmentValue: 'Passed with {score}',
  courseVersion: 'Course version',
  certificateId: 'Certificate ID',
  issuedBy: 'Issued by {issuer}',
  verify: 'Check this certificate at this address or scan the QR code:',
  documentTitle: 'Certificate of completion: {course}',
  documentSubject: 'Certificate {id} for {learner}, completed on {date}',
};

export type CertificateCopyKey = keyof typeof en;
export type CertificateCopy = Record<CertificateCopyKey, string>;

const de: CertificateCopy = {
  title: 'Abschlusszertifikat',
  certifies: 'Hiermit wird bestätigt, dass',
  completed: 'den folgenden Kurs erfolgreich abgeschlossen hat:',
  completedOn: 'Abgeschlossen am',
  hours: 'Lernaufwand',
  finalAssessment: 'Abschlussprüfung',
  finalAssessmentValue: 'Bestanden mit {score}',
  courseVersion: 'Kursversion',
  certificateId: 'Zertifikats-ID',
  issuedBy: 'Ausgestellt von {issuer}',
  verify: 'Prüfen Sie dieses Zertifikat unter dieser Adresse oder scannen Sie den QR-Code:',
  documentTitle: 'Abschlusszertifikat: {course}',
  documentSubject: 'Zertifikat {id} für {learner}, abgeschlossen am {date}',
};

const sv: CertificateCopy = {
  title: 'Kursintyg',
  certifies: 'Härmed intygas att',
  completed: 'har med godkänt resultat genomfört kursen',
  completedOn: 'Slutförd den',
  hours: 'Studietid',
  finalAssessment: 'Slutprov',
  finalAssessmentValue: 'Godkänt med {score}',
  courseVersion: 'Kursversion',
  certificateId: 'Intygs-id',
  issuedBy: 'Utfärdat av {issuer}',
  verify: 'Kontrollera intyget på den här adressen eller skanna QR-koden:',
  documentTitle: 'Kursintyg: {course}',
  documentSubject: 'Intyg {id} för {learner}, slutfört den {date}',
};

export const certificateCopy: Record<Language, CertificateCopy> = { en, de, sv };

/** The wording for `key` in `language`, with `{name}` placeholders filled from `vars`. */
export function fillCertificateCopy(language: Language, key: CertificateCopyKey, vars: Record<string, string | number> = {}): string {
  return certificateCopy[language][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}
