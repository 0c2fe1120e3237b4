"""Personal data (个人信息): how it is stored.

Project rule: personal data (ID numbers, phone, address) is minimised, masked in lists, encrypted
where stored, and every view of it is audited (``gongkai.audit``). This package is not a Django
app; it holds no models, only the building blocks other apps' models use.
"""
